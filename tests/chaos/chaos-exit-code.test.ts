import { describe, expect, it } from '@jest/globals';
import { main } from '../../scripts/chaos';

// Seed 16 ends with one message in a detached conversation and nothing duplicated, lost or dead: two sends to Cy, both
// resolved before Cy signs up, both looking the conversation up after it (the case decision 0020 leaves open). Seed 3
// ended that way before one send's sign-up between resolution and lookup was closed; it passes now.
describe('npm run chaos exit code', () => {
  it('is 1 for a seed whose only finding is a misaddressed message, 0 for it with --allow-misaddressed, and 0 for a clean seed', async () => {
    const quiet = jestQuiet();
    try {
      await expect(main(['--seed', '16'])).resolves.toBe(1);
      expect(quiet.lines.join('\n')).toMatch(/duplicates 0, lost 0, dead-while-healthy 0, misaddressed [1-9]/);
      await expect(main(['--seed', '16', '--allow-misaddressed'])).resolves.toBe(0);
      await expect(main(['--seed', '3'])).resolves.toBe(0);
    } finally {
      quiet.restore();
    }
    // A replay runs the seed's delivery run and its broadcast and visitor-limit stories, three times here.
  }, 60_000);
});

function jestQuiet(): { lines: string[]; restore: () => void } {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => void lines.push(args.join(' '));
  return { lines, restore: () => void (console.log = original) };
}

import { describe, expect, it } from '@jest/globals';
import { main } from '../../scripts/chaos';

// Seed 3 ends with messages in a detached conversation and nothing duplicated, lost or dead: the documented limit
// of docs/decisions/0009-delivery-decided-by-inserts.md, not a broken guarantee.
describe('npm run chaos exit code', () => {
  it('is 0 for a seed whose only finding is a misaddressed message, and 1 for it with --strict', async () => {
    const quiet = jestQuiet();
    try {
      await expect(main(['--seed', '3'])).resolves.toBe(0);
      await expect(main(['--seed', '3', '--strict'])).resolves.toBe(1);
      expect(quiet.lines.join('\n')).toMatch(/misaddressed [1-9]/);
    } finally {
      quiet.restore();
    }
  });
});

function jestQuiet(): { lines: string[]; restore: () => void } {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => void lines.push(args.join(' '));
  return { lines, restore: () => void (console.log = original) };
}

import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type * as Scenario from './scenario';

// No seed of the sweep misaddresses a message any more (decision 0020), so the failing seed here is a real run whose
// report is made to carry one message in a detached conversation and nothing else.
describe('npm run chaos exit code', () => {
  afterEach(() => {
    jest.dontMock('./scenario');
    jest.resetModules();
  });

  it('is 0 for clean seeds, including the two that once left a message in a detached conversation', async () => {
    const { main } = await import('../../scripts/chaos');
    const quiet = jestQuiet();
    try {
      await expect(main(['--seed', '3'])).resolves.toBe(0);
      await expect(main(['--seed', '16'])).resolves.toBe(0);
      expect(quiet.lines.join('\n')).toMatch(/duplicates 0, lost 0, dead-while-healthy 0, misaddressed 0/);
    } finally {
      quiet.restore();
    }
    // A replay runs the seed's delivery run and its broadcast and visitor-limit stories, twice here.
  }, 60_000);

  it('is 1 for a seed whose only finding is a misaddressed message, replayed or swept', async () => {
    jest.doMock('./scenario', () => {
      const actual = jest.requireActual<typeof Scenario>('./scenario');
      return {
        ...actual,
        runChaosSeed: async (...args: Parameters<typeof actual.runChaosSeed>) => {
          const report = await actual.runChaosSeed(...args);
          const verdict = actual.judge({ keys: [] }, [], new Map(), new Map(), 1, false);
          return { ...report, ...verdict };
        },
      };
    });
    const { main } = await import('../../scripts/chaos');
    const quiet = jestQuiet();
    try {
      await expect(main(['--seed', '3'])).resolves.toBe(1);
      expect(quiet.lines.join('\n')).toMatch(/duplicates 0, lost 0, dead-while-healthy 0, misaddressed 1/);
      await expect(main(['--from', '3', '--seeds', '1'])).resolves.toBe(1);
    } finally {
      quiet.restore();
    }
  }, 60_000);
});

function jestQuiet(): { lines: string[]; restore: () => void } {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => void lines.push(args.join(' '));
  return { lines, restore: () => void (console.log = original) };
}

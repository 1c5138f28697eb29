import { expect, it } from '@jest/globals';
import { runLimitsSeed, type LimitsSeedReport } from './limits-scenarios';

/**
 * A small sweep of the broadcast and visitor-limit chaos stories on every `npm test` (`npm run chaos` runs them for
 * every seed it sweeps; replay one with `npm run chaos -- --seed N`).
 */
const SEEDS = { from: 1, seeds: 8 } as const;

it(`broadcasts restarted after retention, sign-ups during a broadcast and skewed containers break nothing (seeds ${SEEDS.from}–${SEEDS.from + SEEDS.seeds - 1})`, async () => {
  const failing: string[] = [];
  for (let seed = SEEDS.from; seed < SEEDS.from + SEEDS.seeds; seed += 1) {
    const report: LimitsSeedReport = await runLimitsSeed(seed);
    if (report.failed) failing.push(`seed ${seed}: ${report.findings.join('; ')} (replay: npm run chaos -- --seed ${seed})`);
  }
  expect(failing).toEqual([]);
}, 300_000);

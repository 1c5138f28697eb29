import { afterEach, beforeEach, describe, it } from '@jest/globals';
import type { ContractTarget, ContractWorld } from './target';
import { TARGETS } from './targets';

/**
 * Defines one port's contract once and runs it on every target. A target that cannot run here (no credentials) is
 * skipped with the reason in the suite's name, so the report says what did not run.
 */
export function contractSuite(port: string, define: (world: () => ContractWorld, target: ContractTarget) => void): void {
  for (const target of TARGETS) {
    const suite = target.skipReason === undefined ? describe : describe.skip;
    suite(`${port} contract — ${target.name}${target.skipReason === undefined ? '' : ` — SKIPPED: ${target.skipReason}`}`, () => {
      let world: ContractWorld | undefined;
      beforeEach(async () => {
        world = await target.start();
      });
      afterEach(async () => {
        await world?.dispose();
        world = undefined;
      });
      define(() => {
        if (world === undefined) throw new Error('the target did not start');
        return world;
      }, target);
    });
  }
}

/** `it` where the target can set the test up; elsewhere a skipped test whose name says why. */
export function itWhere(capable: boolean, why: string): (name: string, test: () => Promise<void>) => void {
  return capable ? (name, test) => it(name, test) : (name, test) => it.skip(`${name} — SKIPPED: ${why}`, test);
}

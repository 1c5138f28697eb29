import type { Site } from 'wix-emulator';

/**
 * Moves the site's clock forward by `ms` just before its `callNumber`-th emulated call (any operation), once: a clock
 * jump in the middle of whatever is running then.
 */
export function jumpClockAtCall(site: Site, callNumber: number, ms: number): void {
  let calls = 0;
  site.faults.interleave(
    '*',
    () => {
      calls += 1;
      if (calls === callNumber) site.clock.advance(ms);
    },
    Number.POSITIVE_INFINITY,
  );
}

import { jest } from '@jest/globals';
import type { Site } from 'wix-emulator';

let stopFollowing: (() => void) | undefined;

/**
 * Site code reads time with `new Date()` and waits with `setTimeout`, as on Wix. Here both are faked and follow the
 * site's clock: Date always equals it, and a pending timeout fires at once, moving the site's clock forward by its
 * delay — backoff costs no real time. setImmediate and promises stay real, so the emulator runs as usual.
 */
export function followSiteClock(site: Site): void {
  stopFollowing?.();
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'queueMicrotask', 'hrtime', 'performance'] });
  const unsubscribe = site.clock.onChange((now) => jest.setSystemTime(now));
  let ticking = true;
  const tick = () => {
    if (!ticking) return;
    if (jest.getTimerCount() > 0) {
      jest.advanceTimersToNextTimer();
      if (Date.now() > site.clock.nowMs()) site.clock.set(new Date(Date.now()));
    }
    setImmediate(tick);
  };
  setImmediate(tick);
  stopFollowing = () => {
    ticking = false;
    unsubscribe();
  };
}

/** Stops keeping the process's timers and Date in step with the last site followed. */
export function stopFollowingSiteClock(): void {
  stopFollowing?.();
  stopFollowing = undefined;
}

import type { Clock } from '../kernel/clock';

/** The time globals a site module is evaluated with: `Date`, `setTimeout` and `clearTimeout` on the emulator's clock. */
export interface SiteTimeGlobals {
  readonly Date: DateConstructor;
  readonly setTimeout: (handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => unknown;
  readonly clearTimeout: (handle: unknown) => void;
}

/**
 * One clock for the site and the emulator (issue 16 part D): site code reads time with `new Date()` / `Date.now()` and
 * waits with `setTimeout`, as on Wix. Here its `Date` reads the emulator's clock, so advancing the clock (UI, controls)
 * moves backoff, caps, rate windows and derived keys exactly as it moves the emulator's own timestamps; and a wait
 * costs no real time: a timeout fires on the next turn of the event loop and moves the clock to when it was due
 * (earliest first), the way `Clock.sleep` does. Dates it makes are real Dates (`instanceof Date` holds both ways).
 */
export function siteTimeGlobals(clock: Clock): SiteTimeGlobals {
  const RealDate = Date;
  const SiteDate = new Proxy(RealDate, {
    construct: (target, args: unknown[], newTarget) => (args.length === 0 ? new RealDate(clock.nowMs()) : Reflect.construct(target, args, newTarget)),
    // `Date()` called without `new` returns the current time as a string.
    apply: () => new RealDate(clock.nowMs()).toString(),
    get: (target, key, receiver) => (key === 'now' ? () => clock.nowMs() : Reflect.get(target, key, receiver)),
  });

  type Timer = { due: number; seq: number; run: () => void };
  const timers = new Map<number, Timer>();
  let seq = 0;
  const fireEarliest = () => {
    let next: Timer | undefined;
    for (const timer of timers.values()) if (!next || timer.due < next.due || (timer.due === next.due && timer.seq < next.seq)) next = timer;
    if (!next) return;
    timers.delete(next.seq);
    if (next.due > clock.nowMs()) clock.set(new RealDate(next.due));
    next.run();
  };
  return {
    Date: SiteDate,
    setTimeout: (handler, ms = 0, ...args) => {
      seq += 1;
      const timer: Timer = { due: clock.nowMs() + Math.max(0, Number(ms) || 0), seq, run: () => handler(...args) };
      timers.set(seq, timer);
      setImmediate(fireEarliest);
      return seq;
    },
    clearTimeout: (handle) => {
      if (typeof handle === 'number') timers.delete(handle);
    },
  };
}

import type { SiteControls } from 'wix-emulator';

type Clock = SiteControls['clock'];

/**
 * Site code reads time with `new Date()`, waits with `setTimeout` and draws jitter from `Math.random`, as on Wix.
 * For a seeded run those three must follow the emulated site: `Date` reads the site's clock, a timeout fires as soon
 * as the event loop is otherwise idle (one per turn, earliest first) and moves the site's clock to its due time, and
 * `Math.random` draws from a seeded generator. `idle` says when time may move (a timer waits while it answers false). Waiting costs no real time and a seed replays the same interleaving,
 * under jest and under tsx alike (jest's own fake timers are not used, so both run the same code).
 * `install` returns the function that puts the real ones back.
 */
export function installVirtualTime(clock: Clock, random: () => number, idle: () => boolean = () => true): () => void {
  const realDate = globalThis.Date;
  const realSetTimeout = globalThis.setTimeout;
  const realClearTimeout = globalThis.clearTimeout;
  const realRandom = Math.random;

  class VirtualDate extends realDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(clock.nowMs());
      else super(...(args as [string | number | Date]));
    }

    static override now(): number {
      return clock.nowMs();
    }

    /** Dates made before installing (seeded items) are still Dates to `instanceof Date`. */
    static override [Symbol.hasInstance](value: unknown): boolean {
      return value instanceof realDate;
    }
  }

  interface Timer {
    readonly id: number;
    readonly due: number;
    readonly fire: () => void;
  }
  const timers: Timer[] = [];
  let nextId = 1;
  let running = true;

  const fakeSetTimeout = (handler: (...args: unknown[]) => void, ms = 0, ...args: unknown[]) => {
    const id = nextId;
    nextId += 1;
    timers.push({ id, due: clock.nowMs() + Math.max(0, Number(ms) || 0), fire: () => handler(...args) });
    return id;
  };
  const fakeClearTimeout = (id: unknown) => {
    const at = timers.findIndex((t) => t.id === id);
    if (at >= 0) timers.splice(at, 1);
  };
  const tick = () => {
    if (!running) return;
    if (timers.length > 0 && idle()) {
      let earliest = 0;
      for (let i = 1; i < timers.length; i += 1) {
        const t = timers[i] as Timer;
        const e = timers[earliest] as Timer;
        if (t.due < e.due || (t.due === e.due && t.id < e.id)) earliest = i;
      }
      const [timer] = timers.splice(earliest, 1);
      if (timer) {
        if (timer.due > clock.nowMs()) clock.set(new realDate(timer.due));
        timer.fire();
      }
    }
    setImmediate(tick);
  };

  globalThis.Date = VirtualDate as DateConstructor;
  globalThis.setTimeout = fakeSetTimeout as unknown as typeof setTimeout;
  globalThis.clearTimeout = fakeClearTimeout as typeof clearTimeout;
  Math.random = random;
  setImmediate(tick);

  return () => {
    running = false;
    globalThis.Date = realDate;
    globalThis.setTimeout = realSetTimeout;
    globalThis.clearTimeout = realClearTimeout;
    Math.random = realRandom;
  };
}

/** Yields `turns` turns of the event loop: how the scheduler lets other work run first. */
export async function yieldTurns(turns: number): Promise<void> {
  for (let i = 0; i < turns; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

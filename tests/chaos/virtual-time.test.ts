import { afterEach, describe, expect, it } from '@jest/globals';
import { createSite } from 'wix-emulator';
import { installVirtualTime, yieldTurns } from './virtual-time';

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

describe('virtual time for a seeded run', () => {
  it("makes Date read the site's clock, and puts the real Date back afterwards", () => {
    const realDate = Date;
    const site = createSite();
    restore = installVirtualTime(site.clock, () => 0.5);
    expect(new Date().toISOString()).toBe('2026-01-01T09:00:00.000Z');
    site.clock.advance(60_000);
    expect(Date.now()).toBe(Date.parse('2026-01-01T09:01:00.000Z'));
    expect(new realDate(0) instanceof Date).toBe(true);
    restore();
    restore = undefined;
    expect(Date).toBe(realDate);
  });

  it('fires timeouts earliest first without real waiting, moving the clock to each due time', async () => {
    const site = createSite();
    restore = installVirtualTime(site.clock, () => 0.5);
    const fired: string[] = [];
    const done = Promise.all([
      new Promise<void>((resolve) => setTimeout(() => (fired.push(`b@${new Date().toISOString().slice(11, 19)}`), resolve()), 30_000)),
      new Promise<void>((resolve) => setTimeout(() => (fired.push(`a@${new Date().toISOString().slice(11, 19)}`), resolve()), 5_000)),
    ]);
    const cancelled = setTimeout(() => fired.push('never'), 1_000);
    clearTimeout(cancelled);
    await done;
    expect(fired).toEqual(['a@09:00:05', 'b@09:00:30']);
  });

  it('holds timers while work is in transit, and draws Math.random from the given generator', async () => {
    const site = createSite();
    let busy = true;
    restore = installVirtualTime(site.clock, () => 0.25, () => !busy);
    let fired = false;
    setTimeout(() => (fired = true), 10);
    await yieldTurns(5);
    expect(fired).toBe(false);
    busy = false;
    await yieldTurns(3);
    expect(fired).toBe(true);
    expect(Math.random()).toBe(0.25);
  });
});

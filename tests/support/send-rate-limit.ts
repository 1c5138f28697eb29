import { controlsFor, type Site } from 'wix-emulator';

/**
 * Wix's rate limit, built from the emulator's faults: a sendMessage beyond `perSecond` in the current emulated second
 * answers 429 with a Retry-After to the next second.
 */
export function rateLimitSends(site: Site, perSecond: number): void {
  const controls = controlsFor(site);
  let window = -1;
  let used = 0;
  controls.faults.interleave(
    'inbox.sendMessage',
    () => {
      const second = Math.floor(controls.clock.nowMs() / 1000);
      if (second !== window) {
        window = second;
        used = 0;
      }
      used += 1;
      if (used > perSecond) controls.faults.inject('inbox.sendMessage', { status: 429, retryAfterSeconds: 1, times: 1 });
    },
    Number.POSITIVE_INFINITY,
  );
}

import { controlsFor, type Site } from 'wix-emulator';

/**
 * Wix's rate limit, built from the emulator's faults: a sendMessage beyond `perSecond` in the current emulated second
 * answers 429, with a Retry-After when `retryAfterSeconds` is given (to the next second: 1).
 */
export function rateLimitSends(site: Site, perSecond: number, options: { readonly retryAfterSeconds?: number } = {}): void {
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
      if (used > perSecond) controls.faults.inject('inbox.sendMessage', { status: 429, times: 1, ...options });
    },
    Number.POSITIVE_INFINITY,
  );
}

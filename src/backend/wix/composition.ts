import type { AccessDependencies } from '../inbox/access';
import { DEFAULT_DELIVERY_SETTINGS, type DeliverySettings } from '../inbox/backoff';
import type { Clock } from '../inbox/ports';
import { veloDirectory } from './velo-directory';
import { veloIdentity } from './velo-identity';
import { veloInbox } from './velo-inbox';
import { veloOutbox } from './velo-outbox';
import { veloDeliveryLog, veloRateLimiter } from './velo-stores';
import { VISITOR_LIMITS } from '../inbox-settings';

/** Real time. (Tests and local tools pass their own clock: the emulator's, which waits without waiting.) */
export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface CompositionOptions {
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly settings?: Partial<DeliverySettings>;
}

/** The one place the inbox module is wired to Velo. Everything else receives these dependencies. */
export function inboxDependencies(options: CompositionOptions = {}): AccessDependencies {
  const clock = options.clock ?? systemClock;
  return {
    directory: veloDirectory,
    inbox: veloInbox,
    outbox: veloOutbox,
    deliveries: veloDeliveryLog,
    clock,
    random: options.random ?? Math.random,
    settings: { ...DEFAULT_DELIVERY_SETTINGS, ...options.settings },
    identity: veloIdentity,
    rateLimiter: veloRateLimiter(() => clock.now()),
    visitorLimits: VISITOR_LIMITS,
  };
}

import type { AccessDependencies } from '../inbox/access';
import type { Clock } from '../inbox/ports';
import { veloDirectory } from './velo-directory';
import { veloIdentity } from './velo-identity';
import { veloInbox } from './velo-inbox';
import { veloDeliveryLog, veloRateLimiter } from './velo-stores';

/** The one place the inbox module is wired to Velo. Everything else receives these dependencies. */
const systemClock: Clock = { now: () => new Date() };

export function inboxDependencies(clock: Clock = systemClock): AccessDependencies {
  return {
    directory: veloDirectory,
    inbox: veloInbox,
    deliveries: veloDeliveryLog,
    clock,
    identity: veloIdentity,
    rateLimiter: veloRateLimiter(() => clock.now()),
  };
}

import { VISITOR_LIMITS } from '../inbox-settings';
import type { AccessDependencies } from '../inbox/access';
import { DEFAULT_DELIVERY_SETTINGS, type DeliverySettings } from '../inbox/backoff';
import type { VisitorLimits } from '../inbox/visitor-limits';
import type { Clock, DeliveryLog, Directory, Housekeeping, Identity, Inbox, OutboxStore, RateLimiter } from '../inbox/ports';

/** Real time. (Tests and local tools pass their own clock: the emulator's, which waits without waiting.) */
export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface CompositionOptions {
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly settings?: Partial<DeliverySettings>;
  /** Defaults to the site's own (inbox-settings.ts). */
  readonly visitorLimits?: VisitorLimits;
}

/** What an adapter family provides: every port the inbox module needs. */
export interface AdapterPorts {
  readonly directory: Directory;
  readonly inbox: Inbox;
  readonly outbox: OutboxStore;
  readonly deliveries: DeliveryLog;
  readonly identity: Identity;
  readonly rateLimiter: (now: () => Date) => RateLimiter;
  readonly housekeeping: Housekeeping;
}

/** An adapter family, as the composition root (inbox-family.ts) picks it. */
export interface AdapterFamily {
  readonly name: 'velo' | 'sdk';
  dependencies(options?: CompositionOptions): AccessDependencies;
  readonly housekeeping: Housekeeping;
}

/** The inbox module's dependencies from one family's ports: the same wiring for both families. */
export function assembleDependencies(ports: AdapterPorts, options: CompositionOptions = {}): AccessDependencies {
  const clock = options.clock ?? systemClock;
  return {
    directory: ports.directory,
    inbox: ports.inbox,
    outbox: ports.outbox,
    deliveries: ports.deliveries,
    clock,
    random: options.random ?? Math.random,
    settings: { ...DEFAULT_DELIVERY_SETTINGS, ...options.settings },
    identity: ports.identity,
    rateLimiter: ports.rateLimiter(() => clock.now()),
    visitorLimits: options.visitorLimits ?? VISITOR_LIMITS,
  };
}

export function familyOf(name: AdapterFamily['name'], ports: AdapterPorts): AdapterFamily {
  return { name, dependencies: (options) => assembleDependencies(ports, options), housekeeping: ports.housekeeping };
}

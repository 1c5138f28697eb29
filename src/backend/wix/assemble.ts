import type { AccessDependencies } from '../inbox/access';
import { DEFAULT_DELIVERY_SETTINGS, type DeliverySettings } from '../inbox/backoff';
import { DEFAULT_CONFIG, type InboxConfig } from '../inbox/config';
import { templateCatalog, type TemplateCatalog, type TemplateRowSource } from '../inbox/owner-wording';
import type { OwnerView } from '../inbox/owner-view';
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
  /** Defaults to the configuration's. */
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
  /** The owner's wording (InboxTemplates); none: the code's and the configuration's only. */
  readonly templateRows?: TemplateRowSource;
  /** The owner panel's reads of the outbox. */
  readonly ownerView: OwnerView;
}

/** An adapter family, as the composition root (inbox-family.ts) picks it. */
export interface AdapterFamily {
  readonly name: 'velo' | 'sdk';
  dependencies(options?: CompositionOptions): AccessDependencies;
  readonly housekeeping: Housekeeping;
  /** The settings it runs with (a site's inbox.config.js, or every default). */
  readonly config: InboxConfig;
  readonly ownerView: OwnerView;
}

/** The inbox module's dependencies from one family's ports: the same wiring for both families. */
export function assembleDependencies(ports: AdapterPorts, options: CompositionOptions = {}, config: InboxConfig = DEFAULT_CONFIG, templates?: TemplateCatalog): AccessDependencies {
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
    visitorLimits: options.visitorLimits ?? config.visitorLimits,
    templates: templates ?? templateCatalog(config.templates, ports.templateRows, { cacheMs: config.ownerWordingCacheMs }),
  };
}

/** A family on its ports with a configuration; one template catalog for all its calls, so its short cache is shared. */
export function familyOf(name: AdapterFamily['name'], ports: AdapterPorts, config: InboxConfig = DEFAULT_CONFIG): AdapterFamily {
  const templates = templateCatalog(config.templates, ports.templateRows, { cacheMs: config.ownerWordingCacheMs });
  return { name, dependencies: (options) => assembleDependencies(ports, options, config, templates), housekeeping: ports.housekeeping, config, ownerView: ports.ownerView };
}

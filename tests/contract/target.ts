import type { DeliveryLog, Directory, Identity, Inbox, OutboxStore, ParticipantId, RateLimiter } from 'backend/inbox/ports';
import type { ItemStore } from 'backend/wix/item-store';

/**
 * One place the adapters run against: the Velo adapters on the emulator's Velo shims, the SDK adapters through the real
 * @wix packages on the emulator's REST face, or a live Wix site. Every contract suite runs the same assertions on each.
 */
export interface ContractTarget {
  readonly name: string;
  /** Why this target does not run here (e.g. no credentials), or undefined when it runs. */
  readonly skipReason: string | undefined;
  /** What this target can set up; a test needing more is skipped on it, with the reason in its name. */
  readonly can: { readonly members: boolean; readonly visitors: boolean };
  start(): Promise<ContractWorld>;
}

/** A person as a caller of the site, for identity and permission checks. */
export type WorldCaller = { readonly kind: 'visitor'; readonly visitorId: string } | { readonly kind: 'member'; readonly memberId: string };

export interface ContractWorld {
  /** Admin-level ports, as the backend uses them. */
  readonly directory: Directory;
  readonly inbox: Inbox;
  readonly outbox: OutboxStore;
  readonly deliveries: DeliveryLog;
  readonly rateLimiter: RateLimiter;
  /** The admin-level wix-data binding the stores above use (for first-writer-wins on raw items). */
  readonly items: ItemStore;
  /** Runs work the way the backend runs it on this target (inside a job's context on the emulator). */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** A string unique to this run, for emails, keys and item IDs (so a live site never sees a collision). */
  unique(prefix: string): string;
  /** A contact with this email, created on the target (and removed by `dispose` when the target is live). */
  createContact(email: string): Promise<string>;
  /** Somebody signing up as a member with this email (Wix links the contact holding it and merges its conversation). */
  signUp(email: string): Promise<{ memberId: string; contactId: string }>;
  /** The same site seen by a caller without elevation: wix-data and Inbox calls made with the caller's own rights. */
  unelevated(caller: WorldCaller): { readonly items: ItemStore; getOrCreateConversation(participantId: ParticipantId): Promise<unknown> };
  /** The Identity port as the backend reads it while `caller` calls. */
  identityOf(caller: WorldCaller): { readonly identity: Identity; run<T>(work: () => Promise<T>): Promise<T> };
  dispose(): Promise<void>;
}

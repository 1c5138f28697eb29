import { ownsClaim, recordResult } from './attempts';
import { checkBroadcastId } from './broadcast-status';
import { deliver, type DeliveryDependencies } from './delivery';
import { InboxError, isInboxError, type InboxErrorCode } from './errors';
import { FirstClaims, unsentResult } from './first-claims';
import { contentSignature, intentFingerprint, isFinished, type Intent } from './intent';
import { DEFAULT_VISIBILITY } from './message';
import { prepareMessage, type PreparedMessage } from './message-input';
import type { TemplateCatalog } from './owner-wording';
import { Pacer, pacedInbox, sharedSleeps, DEFAULT_PACER_SETTINGS, type PacerSettings } from './pacer';
import { recipientKey, resolveRecipients, RESOLVE_CHUNK, type Resolution } from './participant';
import { validateQuery, type ParticipantQuery } from './participant-query';
import type { MessageVisibility } from './ports';
import { DEFAULT_RETENTION } from './retention';
import { SentBatch } from './sent-batch';

/** Who a broadcast reaches: a list of people, or every contact carrying a label (its key, e.g. `custom.vip`). */
export type BroadcastRecipients = readonly ParticipantQuery[] | { readonly label: string };

export interface BroadcastOptions {
  /**
   * The broadcast's ID: starting it again (a retry, a second admin) sends nobody twice. Derive it from what the
   * broadcast is (a campaign ID); without one, every call is a new broadcast.
   */
  readonly idempotencyKey?: string;
  readonly visibility?: MessageVisibility;
  /** Default true. */
  readonly sendNotifications?: boolean;
  /** Time this call spends delivering (default `settings.callBudgetMs`); the hourly job delivers the rest. */
  readonly budgetMs?: number;
  /** Inbox calls in flight: where to start and the bounds (see pacer.ts). */
  readonly concurrency?: Partial<PacerSettings>;
}

/** A recipient that reaches nobody (or is not a valid query): its index in the list and why. Nothing is sent to it. */
export interface Unreached {
  readonly index: number;
  readonly code: InboxErrorCode;
  readonly message: string;
}

export interface BroadcastStarted {
  readonly broadcastId: string;
  /**
   * Set when the broadcast ID was first started longer ago than its people's records are kept (`BROADCAST_OPEN_DAYS`):
   * who it reached can no longer be known, so this start writes nothing and sends nobody anything.
   */
  readonly closed?: true;
  /** People the broadcast reaches (one intent each; a person named twice counts once). */
  readonly total: number;
  /** Intents this call wrote; the others existed already (this broadcast was started before). */
  readonly created: number;
  readonly unreached: readonly Unreached[];
}

/** What this call's own delivery did (the rest is the job's; `broadcastStatus` tells the whole broadcast). */
export interface BroadcastDelivery {
  readonly sent: number;
  readonly skipped: number;
  readonly dead: number;
  /** Left for the job: not reached within the budget, or still retrying when it ran out. */
  readonly left: number;
  /** Intents another worker (a second start, the job) holds or has finished. */
  readonly contended: number;
}

export type BroadcastResult = BroadcastStarted & { readonly delivery: BroadcastDelivery };

/** Most recipients one call takes (the outbox write is ≤ 1,000 intents per bulk insert). */
export const MAX_BROADCAST_RECIPIENTS = 10_000;
const BULK_LIMIT = 1000;
/** Resolution chunks (of 100) looked up at once. */
const RESOLVE_PARALLEL = 5;
/** Time kept back at the end of the budget: no new person is started in it. */
const BUDGET_MARGIN_MS = 500;
/**
 * Days after its first start during which a broadcast ID may be started again. Housekeeping removes a finished intent
 * 30 days after it finished (retention.ts), so up to then every person the broadcast reached still has an intent that
 * a new start finds; a day less leaves room for housekeeping running during a start.
 */
export const BROADCAST_OPEN_DAYS = DEFAULT_RETENTION.finishedIntentsDays - 1;
const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * Sent attempts whose results and rows are written together (one bulk insert and one bulk update): two wix-data calls
 * per 200 messages instead of two per message. At full speed a batch fills in about a second; under a rate limit of 10
 * sends a second, in 20 s, and it is written earlier when its oldest claim has waited a quarter of the lease.
 */
const SENT_BATCH = 200;
/**
 * Most first attempts claimed by one bulk insert (decision 0028): the first claims a person for every worker, later
 * ones as many as the workers reach in a few seconds, never more than a worker each or than this.
 */
const FIRST_CLAIMS_PER_CALL = 100;

/**
 * Sends one message to many people, each exactly once per broadcast ID: resolves them in batches (one contacts and one
 * members query per 100), records one intent per person in bulk (`broadcast:<id>:<who>`, ≤ 1,000 per wix-data call),
 * answers as soon as the intents are durable, then delivers with bounded concurrency that slows down on 429 within the
 * budget; the hourly job delivers the rest. Every per-person guarantee of a single send holds: each intent's attempts
 * are claimed by inserts, so a second start, a retried call and the job share the work without sending twice.
 */
export async function startBroadcast(
  deps: DeliveryDependencies,
  recipients: BroadcastRecipients,
  message: unknown,
  options: BroadcastOptions = {},
): Promise<BroadcastStarted & { readonly delivery: Promise<BroadcastDelivery> }> {
  const startedAt = deps.clock.now();
  // The site's wording (configuration); one content for everybody, so no per-person CMS language.
  const prepared = prepareMessage(message, (deps as { templates?: TemplateCatalog }).templates?.base);
  const broadcastId = options.idempotencyKey ?? globalThis.crypto.randomUUID();
  checkBroadcastId(broadcastId, 'options.idempotencyKey');
  const budgetMs = options.budgetMs ?? deps.settings.callBudgetMs;
  if (typeof budgetMs !== 'number' || !(budgetMs >= 0)) throw new InboxError('INVALID_INPUT', 'budgetMs is a duration in milliseconds.', { field: 'options.budgetMs' });
  const direction = 'BUSINESS_TO_PARTICIPANT' as const;
  const visibility = options.visibility ?? DEFAULT_VISIBILITY;
  const fingerprint = intentFingerprint({ content: prepared.content, direction, visibility });

  // Bad input is refused before anything is written; then who, and the broadcast's own record, in one round trip.
  const asked = checkRecipients(recipients);
  const [queries, claimed] = await Promise.all([
    'label' in asked ? queriesWithLabel(deps, asked.label) : asked.queries,
    deps.deliveries.insert({ id: `broadcast:${broadcastId}`, kind: 'broadcast', fingerprint, at: startedAt }),
  ]);
  if (claimed && !(claimed.kind === 'broadcast' && claimed.fingerprint === fingerprint)) {
    throw new InboxError('IDEMPOTENCY_CONFLICT', 'This broadcast ID was already used for a different message.', { field: 'options.idempotencyKey' });
  }
  // The broadcast's own record is kept for ever; its people's intents are not. Once they may be gone, a start could not
  // tell whom the broadcast reached: it sends nobody anything rather than everyone again.
  if (claimed && startedAt.getTime() - claimed.at.getTime() > BROADCAST_OPEN_DAYS * DAY_MS) {
    return { broadcastId, closed: true, total: 0, created: 0, unreached: [], delivery: Promise.resolve({ sent: 0, skipped: 0, dead: 0, left: 0, contended: 0 }) };
  }
  // An earlier start of this broadcast may have reached someone who has changed since (a contact who became a member
  // resolves to another participant now): the same words keep the key the earlier start gave them.
  const [firstLook, earlier] = await Promise.all([resolveInParallel(deps, queries), deps.outbox.ofBroadcast(broadcastId)]);
  const resolved = await againWhereTransient(deps, queries, firstLook);
  const earlierKeys = new Map(earlier.flatMap((i) => {
    const words = wordsOf(i.query);
    return words === undefined ? [] : [[words, i.key] as const];
  }));

  const token = globalThis.crypto.randomUUID();
  const unreached: Unreached[] = [];
  resolved.forEach((resolution, index) => {
    if (!resolution.ok) unreached.push({ index, code: resolution.error.code, message: resolution.error.message });
  });
  const people = await onePerPerson(deps, resolved);
  const entries = people.map((person) => {
    // The key an earlier start gave any of this person's words, else the one who is reached now names.
    const earlierKey = person.indexes.map((i) => wordsOf(queries[i])).find((w) => w !== undefined && earlierKeys.has(w));
    const key = (earlierKey === undefined ? undefined : earlierKeys.get(earlierKey)) ?? `broadcast:${broadcastId}:${recipientKey(person.resolution.value.participantId)}`;
    const query = queries[person.indexes[0] as number] as ParticipantQuery;
    return { intent: intentFor(key, broadcastId, query, prepared, { direction, visibility, fingerprint, token, startedAt, budgetMs, sendNotifications: options.sendNotifications ?? true }), resolution: person.resolution };
  });
  const mine: typeof entries = [];
  let created = 0;
  for (let start = 0; start < entries.length; start += BULK_LIMIT) {
    const batch = entries.slice(start, start + BULK_LIMIT);
    const stored = await deps.outbox.bulkCreate(batch.map((e) => e.intent));
    stored.forEach((outcome, n) => {
      const entry = batch[n] as (typeof batch)[number];
      // Written by this call, or by this call's own earlier attempt whose answer was lost (same token).
      if (outcome.created || outcome.existing.token === token) {
        created += 1;
        mine.push(entry);
      } else if (!isFinished(outcome.existing)) mine.push({ ...entry, intent: outcome.existing });
    });
  }
  const delivery = deliverAll(deps, mine, token, startedAt.getTime(), budgetMs, options.concurrency);
  // The caller may not await the delivery at once: keep an unhandled rejection from ending the process meanwhile.
  delivery.catch(() => undefined);
  return { broadcastId, total: entries.length, created, unreached, delivery };
}

/** startBroadcast, then its delivery within the budget. */
export async function sendToMany(
  deps: DeliveryDependencies,
  recipients: BroadcastRecipients,
  message: unknown,
  options: BroadcastOptions = {},
): Promise<BroadcastResult> {
  const { delivery, ...started } = await startBroadcast(deps, recipients, message, options);
  return { ...started, delivery: await delivery };
}

type Resolved = Extract<Resolution, { ok: true }>;

/**
 * The people a list reaches, each once, with the indexes of the queries naming them. Two resolutions are one person
 * when they share a member or a contact. Batches are resolved at different moments, so somebody who signs up meanwhile
 * can be a contact in one batch and a member in another. A member resolution that carries the member's contact ID
 * shares it with the contact's; when some member came without it (named by member ID) and the list also reached
 * contacts, the contacts are looked up again by contact ID once every batch is in (one more lookup round for the whole
 * list), which links each contact that became a member to that member. The person is then reached as they are now.
 */
async function onePerPerson(deps: DeliveryDependencies, resolved: readonly Resolution[]): Promise<{ indexes: number[]; resolution: Resolved }[]> {
  const ok = resolved.flatMap((r, index) => (r.ok ? [{ index, resolution: r }] : []));
  const identities = ok.map(({ resolution }) => {
    const value = resolution.value;
    return [recipientKey(value.participantId), ...(value.contactId === undefined ? [] : [`contact:${value.contactId}`])];
  });
  const current = new Map<number, Resolved>();
  const contacts = ok.flatMap((entry, n) => (entry.resolution.value.kind === 'contact' && entry.resolution.value.contactId !== undefined ? [{ n, contactId: entry.resolution.value.contactId }] : []));
  // A member whose contact is known shares it with that contact's other resolutions already; only members resolved
  // without their contact (by member ID, on the Velo family) call for the second look.
  const memberWithoutContact = ok.some(({ resolution }) => resolution.value.kind === 'member' && resolution.value.contactId === undefined);
  if (contacts.length > 0 && memberWithoutContact) {
    const again = await resolveInParallel(deps, contacts.map((c) => ({ contactId: c.contactId })));
    again.forEach((r, i) => {
      const { n } = contacts[i] as (typeof contacts)[number];
      if (!r.ok || r.value.kind !== 'member') return;
      (identities[n] as string[]).push(recipientKey(r.value.participantId));
      current.set(n, r);
    });
  }
  // Union-find over shared identities, in input order: a person's first query leads.
  const parent = ok.map((_, n) => n);
  const find = (n: number): number => (parent[n] === n ? n : (parent[n] = find(parent[n] as number)));
  const owner = new Map<string, number>();
  identities.forEach((ids, n) => {
    for (const id of ids) {
      const there = owner.get(id);
      if (there === undefined) owner.set(id, n);
      else {
        const [a, b] = [find(there), find(n)].sort((x, y) => x - y) as [number, number];
        parent[b] = a;
      }
    }
  });
  const people = new Map<number, { indexes: number[]; resolution: Resolved }>();
  ok.forEach((entry, n) => {
    const root = find(n);
    const resolution = current.get(n) ?? entry.resolution;
    const person = people.get(root);
    if (!person) people.set(root, { indexes: [entry.index], resolution });
    else {
      person.indexes.push(entry.index);
      // Whoever the person is now: a member found in any batch or in the second look wins over their old contact.
      if (person.resolution.value.kind === 'contact' && resolution.value.kind === 'member') person.resolution = resolution;
    }
  });
  return [...people.values()];
}

/**
 * The resolutions, with those that failed for a reason that may pass (a retryable error) looked up once more, all in
 * one more lookup round (only when some failed). A person named two ways must not be reached under one name alone: a
 * contact who signs up while the lists' batches are resolved can be refused by contact ID in one batch (Wix already
 * marks the contact as a member's; the member query of that batch ran before the sign-up) and found as a member by
 * email in another. With the contact-ID name unreached, the email name matched no key an earlier start gave and got
 * a second intent (chaos seed 256 of the broadcast stories). Looked up again, the contact ID finds the member and both
 * names are one person again (onePerPerson), keyed as before.
 */
async function againWhereTransient(deps: DeliveryDependencies, queries: readonly ParticipantQuery[], resolved: readonly Resolution[]): Promise<Resolution[]> {
  const transient = resolved.flatMap((r, index) => (!r.ok && isInboxError(r.error) && r.error.retryable ? [index] : []));
  if (transient.length === 0) return [...resolved];
  const again = await resolveInParallel(deps, transient.map((index) => queries[index] as ParticipantQuery));
  const merged = [...resolved];
  transient.forEach((index, n) => {
    merged[index] = again[n] as Resolution;
  });
  return merged;
}

/** A query as normalised words (`email:a@example.com`), or undefined for one that is not valid. */
function wordsOf(query: unknown): string | undefined {
  try {
    const valid = validateQuery(query);
    return `${valid.by}:${valid.value}`;
  } catch (error) {
    if (isInboxError(error)) return undefined;
    throw error;
  }
}

function checkRecipients(recipients: unknown): { readonly queries: ParticipantQuery[] } | { readonly label: string } {
  if (Array.isArray(recipients)) {
    if (recipients.length === 0 || recipients.length > MAX_BROADCAST_RECIPIENTS) {
      throw new InboxError('INVALID_INPUT', `A broadcast takes 1 to ${MAX_BROADCAST_RECIPIENTS} recipients.`, { field: 'recipients' });
    }
    return { queries: recipients as ParticipantQuery[] };
  }
  const label = recipients !== null && typeof recipients === 'object' ? (recipients as { label?: unknown }).label : undefined;
  if (typeof label !== 'string' || !/^[A-Za-z0-9_.-]{1,100}$/.test(label) || Object.keys(recipients as object).length !== 1) {
    throw new InboxError('INVALID_INPUT', 'Recipients are a list of participant queries or { label: "<label key>" }.', { field: 'recipients' });
  }
  return { label };
}

async function queriesWithLabel(deps: DeliveryDependencies, label: string): Promise<ParticipantQuery[]> {
  const contacts = await deps.directory.contactsWithLabel(label);
  if (contacts.length > MAX_BROADCAST_RECIPIENTS) {
    throw new InboxError('INVALID_INPUT', `A broadcast reaches at most ${MAX_BROADCAST_RECIPIENTS} people; this label has more.`, { field: 'recipients.label' });
  }
  return contacts.map((c) => ({ contactId: c.id }));
}

/** Batches of 100 (two queries each), a few batches at a time. */
async function resolveInParallel(deps: DeliveryDependencies, queries: readonly ParticipantQuery[]): Promise<Resolution[]> {
  const chunks: ParticipantQuery[][] = [];
  for (let start = 0; start < queries.length; start += RESOLVE_CHUNK) chunks.push(queries.slice(start, start + RESOLVE_CHUNK));
  const results: Resolution[][] = new Array<Resolution[]>(chunks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(RESOLVE_PARALLEL, chunks.length) }, async () => {
      while (next < chunks.length) {
        const n = next;
        next += 1;
        results[n] = await resolveRecipients(deps.directory, chunks[n] as ParticipantQuery[]);
      }
    }),
  );
  return results.flat();
}

function intentFor(
  key: string,
  broadcast: string,
  query: ParticipantQuery,
  prepared: PreparedMessage,
  o: { direction: 'BUSINESS_TO_PARTICIPANT'; visibility: MessageVisibility; fingerprint: string; token: string; startedAt: Date; budgetMs: number; sendNotifications: boolean },
): Intent {
  return {
    key,
    broadcast,
    fingerprint: o.fingerprint,
    signature: contentSignature(prepared.content),
    query,
    content: prepared.content,
    direction: o.direction,
    visibility: o.visibility,
    sendNotifications: o.sendNotifications,
    ...(prepared.template ? { template: prepared.template } : {}),
    token: o.token,
    createdAt: o.startedAt,
    status: 'pending',
    round: 0,
    attempts: 0,
    updatedAt: o.startedAt,
    // Due for the job once this call's budget is over (whatever it has not reached by then).
    nextAttemptAt: new Date(o.startedAt.getTime() + o.budgetMs),
  };
}

/**
 * Delivers within the budget: each person's first attempt is claimed (in bulk, just ahead of the workers:
 * first-claims.ts; whoever wins a claim sends), then the single-send delivery runs with the recipient already resolved.
 * Inbox calls go through AIMD pacers (one per operation); sleeps overlap. A sent attempt's result and row wait in a
 * batch (sent-batch.ts) written in bulk within a quarter of the claim's lease; the worker goes on to the next person
 * as soon as its message is handed to the batch.
 */
async function deliverAll(
  deps: DeliveryDependencies,
  entries: readonly { intent: Intent; resolution: Extract<Resolution, { ok: true }> }[],
  token: string,
  startedAtMs: number,
  budgetMs: number,
  concurrency: Partial<PacerSettings> | undefined,
): Promise<BroadcastDelivery> {
  const clock = sharedSleeps(deps.clock);
  const settings = { ...DEFAULT_PACER_SETTINGS, ...concurrency };
  const paced: DeliveryDependencies = { ...deps, clock, inbox: pacedInbox(deps.inbox, () => new Pacer(clock, settings)) };
  const batch = new SentBatch(deps, SENT_BATCH, deps.settings.leaseMs / 4);
  const workers = Math.min(settings.max, entries.length);
  // At most one bulk claim per round of workers, fewer people when they go slower (first-claims.ts). A claim reached
  // more than a quarter of the lease after it was made is given up unsent: sent on, it could stand without its result
  // past its lease, where the job would fence it and look for its message (0009 allows it; this keeps it rare).
  const claims = new FirstClaims({ deliveries: deps.deliveries, clock }, entries.map((e) => e.intent.key), token, {
    workers,
    perCall: Math.max(1, Math.min(workers, FIRST_CLAIMS_PER_CALL)),
    freshMs: deps.settings.leaseMs / 4,
  });
  const counts = { sent: 0, skipped: 0, dead: 0, left: 0, contended: 0 };
  const bugs: unknown[] = [];
  const deliveries: Promise<void>[] = [];
  let next = 0;
  const remaining = () => startedAtMs + budgetMs - clock.now().getTime();
  const deliverOne = async (index: number, handOff: () => void): Promise<void> => {
    const entry = entries[index] as (typeof entries)[number];
    try {
      const claim = await claims.take(index);
      const { at: claimedAt, taken } = claim;
      // A Wix failure writing the claim: the intent stays due and the job takes it.
      if (taken.status === 'rejected') throw taken.reason;
      if (!ownsClaim(taken.value, token)) {
        counts.contended += 1;
        return;
      }
      const intent: Intent = { ...entry.intent };
      const sentWrites = {
        write: (...args: Parameters<SentBatch['write']>) => {
          handOff();
          return batch.write(...args);
        },
      };
      const options = { budgetMs: Math.max(0, remaining()), sentWrites };
      let result: Awaited<ReturnType<typeof deliver>>;
      if (claims.isFresh(claim)) {
        const held = { round: 0, attempt: 1, token, mustReconcile: false, startedAt: claimedAt };
        const recipient = { ok: true as const, value: { participantId: entry.resolution.value.participantId, kind: entry.resolution.value.kind } };
        result = await deliver(paced, intent, options, { held, claimedAt, recipient });
      } else {
        // Given up before any Wix call for it: ended as not sent, then the next attempt is claimed as after any failure.
        const ended = await recordResult(deps.deliveries, unsentResult(intent.key, clock.now()));
        if (ended.status !== 'failed' || ended.maySent) {
          counts.contended += 1;
          return;
        }
        result = await deliver(paced, intent, options);
      }
      if (result.contended) counts.contended += 1;
      else if (result.intent.status === 'sent' || result.intent.status === 'skipped' || result.intent.status === 'dead') counts[result.intent.status] += 1;
      else counts.left += 1;
    } catch (error) {
      // A Wix failure writing a claim or a result: the intent stays due and the job takes it. Anything else is a bug:
      // surfaced below.
      counts.left += 1;
      if (!isInboxError(error)) bugs.push(error);
    }
  };
  const worker = async () => {
    while (next < entries.length) {
      const index = next;
      next += 1;
      if (remaining() < BUDGET_MARGIN_MS) {
        counts.left += 1;
        continue;
      }
      // The worker is free once this person's message is out and waits only for the batch (or once it is done).
      let handOff = () => undefined as void;
      const out = new Promise<void>((resolve) => (handOff = resolve));
      const done = deliverOne(index, handOff);
      deliveries.push(done);
      await Promise.race([done, out]);
      batch.tick();
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  // No worker will hand anything more to the batch: write what waits, and at once whatever a retry still sends.
  batch.close();
  await Promise.all(deliveries);
  // People claimed but not reached (the budget ran out): ended unsent, so the job sends them without looking first.
  // Wix failures are answered per item there (a claim it misses runs out and the job fences it); a throw is a bug.
  await claims.endUntaken().catch((error: unknown) => bugs.push(error));
  if (bugs.length > 0) throw bugs[0];
  return counts;
}

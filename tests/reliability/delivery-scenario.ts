/**
 * The delivery reliability scenario, shared by tests/reliability (2,000 intents) and `npm run soak` (10,000):
 * push intents through the real module on the emulator while Wix misbehaves, drain the outbox like the hourly job,
 * then count, from the emulator's own state, what arrived how often.
 */
import { forEachLimited } from 'backend/inbox/concurrency';
import { drainOutbox } from 'backend/inbox/drain';
import { createEventHandlers } from 'backend/inbox/event-handlers';
import type { SendResult } from 'backend/inbox/send';
import { sendToParticipant } from 'backend/inbox/send';
import { inboxDependencies } from 'backend/wix/composition';
import { isInboxError } from 'backend/inbox/errors';
import { Random, type Site, useSite } from 'wix-emulator';
import { defineProjectCollections } from '../../scripts/workbench/site-code';

export interface FaultRates {
  /** Of inbox calls (getOrCreateConversation, sendMessage): 500/502/503 answers. */
  readonly serverErrors: number;
  /** Of inbox calls: 429 with a Retry-After of 1–30 s. */
  readonly rateLimited: number;
  /** Of sends: the participant becomes a member between the conversation lookup and the send (a merge mid-flight). */
  readonly mergesMidFlight: number;
  /** Of sends: Wix writes the message, the answer is lost (504). */
  readonly lostResponses: number;
}

export const ISSUE_FAULT_RATES: FaultRates = { serverErrors: 0.1, rateLimited: 0.05, mergesMidFlight: 0.02, lostResponses: 0.01 };

export interface ScenarioOptions {
  readonly intents: number;
  readonly seed?: number;
  readonly faults?: FaultRates;
  /** Sends in flight at once (a busy site: many visitors, events, the job). */
  readonly concurrency?: number;
  /** Share of intents sent a second time with the same key (redelivered events, double clicks). */
  readonly repeats?: number;
}

export interface ScenarioReport {
  readonly intents: number;
  readonly delivered: number;
  readonly deduplicated: number;
  /** Intents that needed more than one attempt. */
  readonly retried: number;
  readonly queuedAfterCall: number;
  readonly dead: number;
  /** Intents whose message is in the participant's conversation more than once. */
  readonly duplicates: number;
  /** Intents (not dead) whose message is nowhere. */
  readonly lost: number;
  readonly merges: number;
  readonly detachedConversations: number;
  readonly drainRuns: number;
  /** Intents still waiting after the drains (must be none). */
  readonly stillPending: number;
  readonly emulatedApiCalls: number;
  readonly wallMs: number;
}

const HOUR = 60 * 60 * 1000;

export async function runDeliveryScenario(site: Site, options: ScenarioOptions): Promise<ScenarioReport> {
  const started = performance.now();
  useSite(site);
  const random = new Random(options.seed ?? 42);
  const rates = options.faults ?? ISSUE_FAULT_RATES;
  const deps = inboxDependencies({
    clock: { now: () => site.clock.now(), sleep: (ms) => site.clock.sleep(ms) },
    random: () => random.next(),
  });
  // The site's event handlers (welcome on sign-up…) run on the same dependencies: one clock for everything.
  site.events.setHandlers(createEventHandlers(deps, { info: () => undefined }));
  defineProjectCollections(site);
  const people = seedPeople(site, Math.max(10, Math.ceil(options.intents / 5)));
  injectFaults(site, rates, random);

  const intents = Array.from({ length: options.intents }, (_, i) => ({
    key: `intent-${i}`,
    text: `Update #${i}`,
    query: people[i % people.length] as { email: string } | { contactId: string },
  }));
  const results = new Map<string, SendResult>();
  let deduplicated = 0;
  const system = { kind: 'system', reason: 'event' } as const;

  await forEachLimited(intents, options.concurrency ?? 8, async (intent) => {
    const result = await callWithRetries(() => site.as(system, () => sendToParticipant(deps, intent.query, intent.text, { idempotencyKey: intent.key })));
    results.set(intent.key, result);
  });
  const repeats = intents.filter(() => random.next() < (options.repeats ?? 0.1));
  await forEachLimited(repeats, options.concurrency ?? 8, async (intent) => {
    const again = await callWithRetries(() => site.as(system, () => sendToParticipant(deps, intent.query, intent.text, { idempotencyKey: intent.key })));
    if (again.deduplicated) deduplicated += 1;
  });
  const queuedAfterCall = [...results.values()].filter((r) => r.status === 'queued').length;

  // Wix recovers eventually; the hourly job drains what is left (faults stay on while it does).
  let drainRuns = 0;
  // Event handlers (a welcome on each sign-up) may still be sending: let them finish before counting what is left.
  await site.events.settle();
  while (pendingCount(site) > 0 && drainRuns < 72) {
    site.clock.advance(HOUR);
    await site.as({ kind: 'system', reason: 'job' }, () => drainOutbox(deps, { maxIntents: options.intents, budgetMs: HOUR }));
    drainRuns += 1;
    await site.events.settle();
  }

  const outbox = site.data.inspectCollection('InboxOutbox') as unknown as { _id: string; status: string; attempts: number }[];
  const byKey = new Map(outbox.map((item) => [item._id, item]));
  const arrivals = countArrivals(site);
  let delivered = 0;
  let dead = 0;
  let duplicates = 0;
  let lost = 0;
  let retried = 0;
  for (const intent of intents) {
    const item = byKey.get(intent.key);
    const count = arrivals.get(intent.text) ?? 0;
    if (item?.status === 'dead') dead += 1;
    else if (count === 0) lost += 1;
    if (item?.status === 'sent' && count >= 1) delivered += 1;
    if (count > 1) duplicates += 1;
    if ((item?.attempts ?? 0) > 1) retried += 1;
  }
  return {
    intents: options.intents,
    delivered,
    deduplicated,
    retried,
    queuedAfterCall,
    dead,
    duplicates,
    lost,
    merges: site.inbox.mergeLog().length,
    detachedConversations: site.inbox.detachedConversations().length,
    drainRuns,
    stillPending: pendingCount(site),
    emulatedApiCalls: site.journal.recorded,
    wallMs: Math.round(performance.now() - started),
  };
}

/** One in five participants is a member already; the rest are contacts, addressed by email or contact ID. */
function seedPeople(site: Site, count: number): ({ email: string } | { contactId: string })[] {
  return Array.from({ length: count }, (_, i) => {
    const email = `person${i}@example.com`;
    if (i % 5 === 0) {
      site.members.seedMember({ email, firstName: `P${i}` });
      return { email };
    }
    const contact = site.contacts.seedContact({ name: { first: `P${i}` }, emails: [{ email, tag: 'MAIN' }] } as Parameters<Site['contacts']['seedContact']>[0]);
    return i % 2 === 0 ? { email } : { contactId: contact._id };
  });
}

function injectFaults(site: Site, rates: FaultRates, random: Random): void {
  for (const operation of ['inbox.getOrCreateConversation', 'inbox.sendMessage']) {
    site.faults.inject(operation, { status: 500, probability: rates.serverErrors / 3 });
    site.faults.inject(operation, { status: 502, probability: rates.serverErrors / 3 });
    site.faults.inject(operation, { status: 503, probability: rates.serverErrors / 3 });
    site.faults.inject(operation, { status: 429, probability: rates.rateLimited, retryAfterSeconds: 1 + Math.floor(random.next() * 30) });
  }
  site.faults.inject('inbox.sendMessage', { responseLost: true, probability: rates.lostResponses });
  // A merge mid-flight: the conversation about to receive the message is a contact's, who signs up right now.
  site.faults.interleave(
    'inbox.sendMessage',
    (args) => {
      if (random.next() >= rates.mergesMidFlight) return;
      const conversation = typeof args[0] === 'string' ? site.inbox.inspectConversation(args[0]) : undefined;
      const contactId = conversation && 'contactId' in conversation.participantId ? conversation.participantId.contactId : undefined;
      const email = contactId ? site.contacts.inspectContact(contactId)?.info.emails?.[0]?.email : undefined;
      if (!email || site.members.memberIdOfContact(contactId ?? '')) return;
      site.members.register({ email });
    },
    Number.POSITIVE_INFINITY,
  );
}

/** How often each text arrived in a live (not merged-away) conversation: merged history counts where it lives now. */
function countArrivals(site: Site): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of site.inbox.listConversations()) {
    if (c.mergedInto) continue;
    for (const m of site.inbox.messagesOf(c.conversation._id ?? '')) {
      const text = m.message.content?.basic?.items?.[0]?.text;
      if (m.message.direction === 'BUSINESS_TO_PARTICIPANT' && text?.startsWith('Update #')) counts.set(text, (counts.get(text) ?? 0) + 1);
    }
  }
  return counts;
}

/** Counted in place (through the emulator's status index): the drain loop asks after every run. */
function pendingCount(site: Site): number {
  return site.data.countItems('InboxOutbox', { op: 'hasSome', field: 'status', values: ['pending', 'retrying'] });
}

/** What a careful caller does with a failed call: try again with the same idempotency key. */
async function callWithRetries(call: () => Promise<SendResult>): Promise<SendResult> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= 5 || !isInboxError(error) || !error.retryable) throw error;
    }
  }
}

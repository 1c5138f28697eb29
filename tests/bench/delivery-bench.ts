/**
 * The delivery bench behind `npm run bench`: the same sends made three ways on the emulator, every Wix call taking one
 * fixed emulated latency, costs read from the journal (tests/support/round-trips.ts):
 * - velo-inbox: the backend `sendToParticipant` (durable: the intent is recorded before Wix is called), and for
 *   broadcasts the backend `sendToMany` (intents bulk-inserted, then paced delivery), given time to finish;
 * - the naive recipe, written out as the docs' example flow, one call after another: queryContacts →
 *   Members/PrivateMembersData → getMember → getOrCreateConversation → sendMessage (not durable, no retries);
 * - the floor: one parallel resolution round (contacts and members queries together), getOrCreateConversation,
 *   sendMessage.
 * Broadcasts send one text to many people: naive is the recipe per person; the floor resolves in batches of 100 (one
 * contacts and one members query each, all at once) and delivers with bounded concurrency. Under an injected rate
 * limit on sendMessage (429 with Retry-After), wall time is compared with the rate-limit floor (people ÷ rate).
 * Figures are printed, never asserted.
 */
import { elevate } from 'wix-auth';
import { contacts } from 'wix-crm-backend';
import wixData from 'wix-data';
import { conversations, messages } from 'wix-inbox.v2';
import { members } from 'wix-members-backend';
import { sendToMany } from 'backend/inbox/broadcast';
import { sendToParticipant } from 'backend/inbox/send';
import { REQUIRED_COLLECTIONS } from 'backend/wix/collections';
import { inboxDependencies } from 'backend/wix/composition';
import { activeSite, controlsFor, createSite, useSite, type Caller, type Site } from 'wix-emulator';
import { callCost } from '../support/round-trips';
import { rateLimitSends } from '../support/send-rate-limit';
import { ADMIN_ONLY } from '../../scripts/workbench/admin-only';

export interface BenchOptions {
  /** Emulated milliseconds every Wix call takes. */
  readonly latencyMs: number;
  /** People in the broadcast rows. */
  readonly broadcastPeople: number;
  /** Sends in flight at once in the floor's broadcast. */
  readonly concurrency: number;
  /** sendMessage calls per second the injected rate limit allows. */
  readonly ratePerSecond: number;
  /** Progress lines while it runs. */
  readonly progress?: (line: string) => void;
}

export const DEFAULT_BENCH_OPTIONS: BenchOptions = { latencyMs: 100, broadcastPeople: 1_000, concurrency: 25, ratePerSecond: 10 };

/** One measured way of doing one job. */
export interface Measured {
  readonly way: string;
  readonly emulatedMs: number;
  readonly roundTrips: number;
  readonly calls: number;
  readonly inboxCalls: number;
  /** Messages that arrived (a check that the way really delivered). */
  readonly delivered: number;
}

/** A way that could not be measured, and why (printed instead of numbers). */
export interface Unavailable {
  readonly way: string;
  readonly unavailable: string;
}

export interface BenchSection {
  readonly title: string;
  readonly rows: readonly (Measured | Unavailable)[];
  /** What the ratio column divides by, and its value. */
  readonly baseline: { readonly name: string; readonly ms: number };
}

const SYSTEM: Caller = { kind: 'system', reason: 'event' };
const TEXT = 'Thanks for getting in touch';
const PRIVATE_MEMBERS = 'Members/PrivateMembersData';
const BATCH = 100;

interface Person {
  readonly email: string;
  readonly member: boolean;
}

export async function runDeliveryBench(options: BenchOptions = DEFAULT_BENCH_OPTIONS): Promise<BenchSection[]> {
  const say = options.progress ?? (() => undefined);
  const sections: BenchSection[] = [];
  for (const member of [true, false]) {
    const who = member ? 'member' : 'contact';
    say(`single send to a ${who} by email…`);
    const people = [{ email: `${who}@example.com`, member }];
    const rows = [
      await measure('velo-inbox', options, people, (site) => veloInboxSend(site, people[0] as Person)),
      await measure('naive recipe', options, people, () => naiveSend(people[0] as Person)),
      await measure('floor', options, people, () => floorSend(people[0] as Person)),
    ];
    sections.push({ title: `One send to a ${who}, by email`, rows, baseline: { name: 'floor', ms: (rows[2] as Measured).emulatedMs } });
  }

  const crowd = Array.from({ length: options.broadcastPeople }, (_, i) => ({ email: `person${i}@example.com`, member: i % 5 === 0 }));
  const n = options.broadcastPeople.toLocaleString('en-US');
  say(`broadcast to ${n} people: velo-inbox…`);
  const velo = await measure('velo-inbox', options, crowd, (site) => veloInboxBroadcast(site, crowd, 'bench'));
  say(`broadcast to ${n} people: naive recipe…`);
  const naive = await measure('naive recipe', options, crowd, async () => {
    for (const person of crowd) await naiveSend(person);
  });
  say(`broadcast to ${n} people: floor…`);
  const floor = await measure('floor', options, crowd, () => floorBroadcast(crowd, options.concurrency));
  sections.push({
    title: `Broadcast to ${n} people (1 in 5 a member), floor concurrency ${options.concurrency}`,
    rows: [velo, naive, floor],
    baseline: { name: 'floor', ms: floor.emulatedMs },
  });

  say(`broadcast to ${n} people under a rate limit of ${options.ratePerSecond} sends/s…`);
  const limited = (site: Site) => rateLimitSends(site, options.ratePerSecond, { retryAfterSeconds: 1 });
  const veloLimited = await measure('velo-inbox', options, crowd, (site) => veloInboxBroadcast(site, crowd, 'bench-limited'), limited);
  const naiveLimited = await measure('naive recipe', options, crowd, async () => {
    for (const person of crowd) await naiveSend(person);
  }, limited);
  const floorLimited = await measure('floor', options, crowd, () => floorBroadcast(crowd, options.concurrency), limited);
  // The limit lets `ratePerSecond` sends start per emulated second: the last one starts when the last needed second
  // opens and takes one call.
  const rateFloorMs = (Math.ceil(options.broadcastPeople / options.ratePerSecond) - 1) * 1000 + options.latencyMs;
  sections.push({
    title: `Broadcast to ${n} people, sendMessage limited to ${options.ratePerSecond}/s (429 + Retry-After); ratio to the rate-limit floor`,
    rows: [veloLimited, naiveLimited, floorLimited],
    baseline: { name: 'rate-limit floor', ms: rateFloorMs },
  });
  return sections;
}

/** A fresh site with `people`, latency on, then `work`; the cost is what the journal and the clock say. */
async function measure(
  way: string,
  options: BenchOptions,
  people: readonly Person[],
  work: (site: Site) => Promise<void>,
  prepare?: (site: Site) => void,
): Promise<Measured> {
  const site = createSite({ seed: 2026 });
  useSite(site);
  const controls = controlsFor(site);
  for (const name of REQUIRED_COLLECTIONS) controls.seed.collection(name, ADMIN_ONLY);
  for (const [i, person] of people.entries()) {
    if (person.member) controls.seed.memberSilently({ email: person.email, firstName: `P${i}` });
    else controls.seed.contact({ name: { first: `P${i}` }, emails: [{ email: person.email, tag: 'MAIN', primary: true }] } as Parameters<typeof controls.seed.contact>[0]);
  }
  prepare?.(site);
  site.kernel.latencyMs = options.latencyMs;
  controls.journal.clear();
  const started = controls.clock.nowMs();
  await site.as(SYSTEM, () => work(site));
  const emulatedMs = controls.clock.nowMs() - started;
  site.kernel.latencyMs = 0;
  const cost = callCost(controls.journal.entries(), options.latencyMs);
  const delivered = controls.inspect
    .conversations()
    .filter((c) => !c.mergedInto)
    .reduce((total, c) => total + controls.inspect.messages(c.conversation._id ?? '').filter((m) => m.message.content?.previewText === TEXT).length, 0);
  if (delivered !== people.length) throw new Error(`${way}: ${delivered} of ${people.length} messages arrived`);
  const inboxCalls = [...cost.byOperation].filter(([op]) => op.startsWith('inbox.')).reduce((total, [, count]) => total + count, 0);
  return { way, emulatedMs, roundTrips: cost.roundTrips, calls: cost.calls, inboxCalls, delivered };
}

async function veloInboxSend(site: Site, person: Person): Promise<void> {
  const deps = inboxDependencies({ clock: { now: () => site.clock.now(), sleep: (ms) => site.clock.sleep(ms) } });
  const result = await sendToParticipant(deps, { email: person.email }, TEXT, { idempotencyKey: `bench:${person.email}` });
  if (result.status !== 'sent') throw new Error(`velo-inbox answered ${result.status}`);
}

/** The backend `sendToMany`, as a job or an admin page would start it, with time to finish (the job's 4 minutes are not
 * enough for a rate-limited 1,000: the bench gives it 30 emulated minutes so the whole broadcast is measured). */
async function veloInboxBroadcast(site: Site, people: readonly Person[], id: string): Promise<void> {
  const deps = inboxDependencies({ clock: { now: () => site.clock.now(), sleep: (ms) => site.clock.sleep(ms) } });
  const result = await sendToMany(deps, people.map((p) => ({ email: p.email })), TEXT, { idempotencyKey: id, budgetMs: 30 * 60_000 });
  if (result.delivery.sent !== people.length) throw new Error(`velo-inbox delivered ${result.delivery.sent} of ${people.length} in its budget`);
}

const content = { previewText: TEXT, basic: { items: [{ text: TEXT }] } };

/** The docs' example flow, one call after another. */
async function naiveSend(person: Person): Promise<void> {
  await elevate(async () => {
    const { items: found } = await contacts.queryContacts().eq('info.emails.email', person.email).find({ suppressAuth: true });
    const { items: rows } = await wixData.query(PRIVATE_MEMBERS).eq('loginEmail', person.email).find({ suppressAuth: true });
    let participant: { memberId: string } | { contactId: string };
    if (rows[0]) {
      const member = await members.getMember(String(rows[0]._id), { fieldsets: ['FULL'] });
      participant = { memberId: member._id ?? '' };
    } else {
      participant = { contactId: found[0]?._id ?? '' };
    }
    const { conversation } = await conversations.getOrCreateConversation(participant);
    await sendWithRetryAfter(conversation?._id ?? '');
  })();
}

/** One parallel resolution round, then getOrCreateConversation and sendMessage. */
async function floorSend(person: Person): Promise<void> {
  await elevate(async () => {
    const [found, rows] = await Promise.all([
      contacts.queryContacts().eq('info.emails.email', person.email).find({ suppressAuth: true }),
      wixData.query(PRIVATE_MEMBERS).eq('loginEmail', person.email).find({ suppressAuth: true }),
    ]);
    const memberId = rows.items[0]?._id;
    const { conversation } = await conversations.getOrCreateConversation(memberId ? { memberId: String(memberId) } : { contactId: found.items[0]?._id ?? '' });
    await sendWithRetryAfter(conversation?._id ?? '');
  })();
}

/** Batched resolution (one contacts and one members query per 100 people, all at once), then bounded delivery. */
async function floorBroadcast(people: readonly Person[], concurrency: number): Promise<void> {
  await elevate(async () => {
    const batches: string[][] = [];
    for (let i = 0; i < people.length; i += BATCH) batches.push(people.slice(i, i + BATCH).map((p) => p.email));
    const resolved = await Promise.all(
      batches.map(async (emails) => {
        const [found, rows] = await Promise.all([
          withLimit(contacts.queryContacts().hasSome('info.emails.email', emails), BATCH).find({ suppressAuth: true }),
          wixData.query(PRIVATE_MEMBERS).hasSome('loginEmail', emails).limit(BATCH).find({ suppressAuth: true }),
        ]);
        const byEmail = new Map<string, { memberId: string } | { contactId: string }>();
        for (const c of found.items) for (const e of c.info?.emails ?? []) if (e.email) byEmail.set(e.email, { contactId: c._id ?? '' });
        for (const row of rows.items) byEmail.set(String(row.loginEmail), { memberId: String(row._id) });
        return emails.map((email) => byEmail.get(email));
      }),
    );
    const participants = resolved.flat();
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, participants.length) }, async () => {
        while (next < participants.length) {
          const participant = participants[next];
          next += 1;
          if (!participant) throw new Error('a broadcast recipient was not found');
          const { conversation } = await conversations.getOrCreateConversation(participant);
          await sendWithRetryAfter(conversation?._id ?? '');
        }
      }),
    );
  })();
}

/** corvid-types declares the contacts query's `limit` with a string parameter; Wix takes a number. */
function withLimit<Q extends { limit: unknown }>(query: Q, limit: number): Q {
  return (query.limit as unknown as (n: number) => Q).call(query, limit);
}

/** sendMessage; on a 429 it waits what Retry-After says (on the emulated clock) and sends again. */
async function sendWithRetryAfter(conversationId: string): Promise<void> {
  for (;;) {
    try {
      await messages.sendMessage(conversationId, { direction: 'BUSINESS_TO_PARTICIPANT', visibility: 'BUSINESS_AND_PARTICIPANT', content });
      return;
    } catch (error) {
      const e = error as { status?: number; retryAfterSeconds?: number };
      if (e.status !== 429) throw error;
      // Waits until then: workers waiting together wake together (the clock moves to the latest wake-up, not the sum).
      const clock = activeSite().clock;
      await clock.elapse(clock.nowMs(), (e.retryAfterSeconds ?? 1) * 1000);
    }
  }
}

/** The sections as aligned text tables. */
export function formatBench(sections: readonly BenchSection[], options: BenchOptions): string {
  const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const lines: string[] = [`Delivery bench: every Wix call takes ${options.latencyMs} ms (emulated)`];
  for (const section of sections) {
    lines.push('', section.title);
    const rows: string[][] = [['', 'emulated ms', 'round trips', 'Wix calls', 'Inbox calls/msg', `× ${section.baseline.name}`]];
    for (const row of section.rows) {
      if ('unavailable' in row) rows.push([row.way, row.unavailable]);
      else rows.push([row.way, fmt(row.emulatedMs), fmt(row.roundTrips), fmt(row.calls), fmt(row.inboxCalls / row.delivered, 2), fmt(row.emulatedMs / section.baseline.ms, 2)]);
    }
    if (!section.rows.some((r) => r.way === section.baseline.name)) rows.push([section.baseline.name, fmt(section.baseline.ms), '', '', '', '1.00']);
    lines.push(table(rows));
  }
  return lines.join('\n');
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = (rows[0] ?? []).map((_, col) => Math.max(...rows.filter((r) => r.length > 2).map((row) => (row[col] ?? '').length)));
  return rows
    .map((row) =>
      row.length <= 2
        ? `  ${(row[0] ?? '').padEnd(widths[0] ?? 0)}  ${row[1] ?? ''}`
        : `  ${row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0))).join('  ')}`,
    )
    .join('\n');
}

/**
 * A stricter judge of the visitor limits than the skewed-containers story's (limits-scenarios.ts), which counts
 * acknowledgements by the real time they arrived. This one judges by TAKES, as the README states the limits: every
 * delivered acknowledgement must be counted by a slot, not given back, on each key it counts against (its visitor ID,
 * its email, the person it reached, all visitors), taken (in real time, read from the journal) no later than its send;
 * and no real span shorter than a key's window holds more allowed takes than its limit. Per submission key, an
 * acknowledgement is the one of its double-submit slot: two delivered acknowledgements never share a slot name.
 *
 * The story: a few visitor IDs send acknowledgements to a few people (one with two emails, and one email nobody has)
 * through three containers whose clocks disagree by up to 60 s, with identical and different submits at once, Inbox
 * and wix-data faults (lost answers included), the hourly job beside the calls, and gaps at and around each window's
 * edge. Then the job runs until quiet.
 *
 * Some steps are a failed first submit and the visitor's click again: the first submit's read of a limit fails (the
 * person's own, beside its takes, or the limits of its input), so it stores nothing and answers INBOX_UNAVAILABLE; the
 * click again, a minute or three later, is a resubmit that stores the intent itself. Its first sendMessage may fail,
 * and the hourly job may run just before it claims its next attempt (inside its backoff): the job then sends the
 * acknowledgement, and the click again is answered for it (`deduplicated`) — whose slots must still count it.
 */
import { drainInboxOutbox } from 'backend/inbox-jobs';
import { sendAsCaller } from 'backend/inbox/access';
import { keyDigest } from 'backend/inbox/key-digest';
import { DELIVERIES_COLLECTION, OUTBOX_COLLECTION, RATE_LIMITS_COLLECTION } from 'backend/wix/collections';
import { inboxDependencies } from 'backend/wix/composition';
import type { Caller, Site, SiteControls } from 'wix-emulator';
import type { Prng } from './prng';
import { DAY, HOUR, injectInboxFaults, JOB, MINUTE, type StoryFindings } from './story-kit';

const LIMITS = { visitor: { count: 5, windowMs: HOUR }, all: { count: 200, windowMs: HOUR }, recipient: { count: 5, windowMs: DAY }, submit: { count: 1, windowMs: 10 * MINUTE } };

/** A story of `npm run chaos` and the limits sweep (limits-scenarios.ts), Inbox and wix-data failing at random. */
export async function acknowledgementsCountedByTheirTakes(site: Site, controls: SiteControls, random: Prng): Promise<StoryFindings> {
  const seedContact = (emails: string[]) =>
    controls.seed.contact({ emails: emails.map((email, i) => ({ email, tag: 'MAIN', primary: i === 0 })) } as Parameters<SiteControls['seed']['contact']>[0])._id ?? '';
  seedContact(['ana@example.com']);
  seedContact(['bo@example.com', 'bo.work@example.com']);
  const emails = ['ana@example.com', 'bo@example.com', 'bo.work@example.com', 'new@example.com'];
  const containers = Array.from({ length: 3 }, () => {
    const skewMs = Math.round((random.next() - 0.5) * MINUTE);
    return inboxDependencies({ clock: { now: () => new Date(controls.clock.nowMs() + skewMs), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) } });
  });
  const visitors = ['v-a', 'v-b', 'v-c'].slice(0, random.int(1, 3));
  const message = { template: 'form-received', vars: { name: 'Skye' } };
  // Every slot row ever seen (housekeeping removes rows a day after their window), by its insert: the real time of the
  // insert is the row's _createdDate (the emulator's clock), its own stamp is its container's.
  const seen = new Map<string, SlotRow>();
  const everRecord = new Map<string, DeliveryRow>();
  const snapshot = () => {
    for (const r of site.data.inspectCollection(DELIVERIES_COLLECTION) as unknown as DeliveryRow[]) everRecord.set(r._id, r);
    for (const row of site.data.inspectCollection(RATE_LIMITS_COLLECTION) as unknown as SlotRow[]) seen.set(`${row._id}@${String(row._createdDate)}`, row);
  };
  for (let i = random.int(15, 30); i > 0; i -= 1) {
    if (random.chance(0.2)) {
      await failedSubmitThenClickAgain(site, controls, random, random.pick(visitors), random.pick(emails), random.pick(containers), random.pick(containers), message);
      snapshot();
      controls.clock.advance(random.int(0, 20 * MINUTE));
      continue;
    }
    injectInboxFaults(controls, random, ['inbox.getOrCreateConversation', 'inbox.sendMessage', 'data.insert', 'data.query', 'data.update', 'data.get']);
    const visitor = random.pick(visitors);
    const email = random.pick(emails);
    const burst = Array.from({ length: random.int(1, 4) }, () => ({
      visitor: random.chance(0.7) ? visitor : random.pick(visitors),
      to: random.chance(0.5) ? email : random.pick(emails),
      deps: random.pick(containers),
    }));
    const calls = burst.map(({ visitor: v, to, deps }) =>
      site.as({ kind: 'visitor', visitorId: v } as Caller, () => sendAsCaller(deps, { email: to }, message, undefined)).catch(() => undefined),
    );
    // The hourly job beside the calls, sometimes.
    const job = random.chance(0.3) ? [site.as(JOB, () => drainInboxOutbox()).catch(() => undefined)] : [];
    await Promise.all([...calls, ...job]);
    controls.faults.clear();
    snapshot();
    const edge = random.pick([HOUR, 10 * MINUTE, DAY, HOUR + MINUTE, 10 * MINUTE + MINUTE]);
    controls.clock.advance(
      random.chance(0.3) ? random.int(0, 90_000) : random.chance(0.5) ? edge - random.int(-2 * MINUTE, 2 * MINUTE) : random.int(0, 3 * HOUR),
    );
  }
  // The job until quiet, an hour at a time, keeping what it writes to the slots (nothing but housekeeping and retakes).
  for (let run = 0; run < 20; run += 1) {
    controls.clock.advance(HOUR);
    await site.as(JOB, () => drainInboxOutbox()).catch(() => undefined);
    snapshot();
  }
  return judge(site, [...seen.values()], [...everRecord.values()], emails);
}

/**
 * A first submit whose read of a limit fails (a 503 on wix-data's query), so it stores nothing, then the same submit
 * again 1 to 3 minutes later (a resubmit: the double-submit slot is held). The click again's first sendMessage fails
 * once or not, and the hourly job runs just before the click again claims a later attempt (in its backoff) or not at
 * all; other faults stay off so that the step plays out as written.
 */
async function failedSubmitThenClickAgain(
  site: Site,
  controls: SiteControls,
  random: Prng,
  visitor: string,
  email: string,
  first: Parameters<typeof sendAsCaller>[0],
  again: Parameters<typeof sendAsCaller>[0],
  message: unknown,
): Promise<void> {
  const submit = (deps: Parameters<typeof sendAsCaller>[0]) =>
    site.as({ kind: 'visitor', visitorId: visitor } as Caller, () => sendAsCaller(deps, { email }, message, undefined)).catch(() => undefined);
  // The person's own limit (read beside the takes) or the input's limits (read beside the resolution).
  const failing = random.pick(['"recipient:contact:', '"recipient:member:', '"visitor:']);
  let failed = false;
  controls.faults.interleave('data.query', (args) => {
    if (!failed && JSON.stringify(args[0]).includes(failing)) {
      failed = true;
      controls.faults.inject('data.query', { status: 503, times: 1 });
    }
  }, Number.POSITIVE_INFINITY);
  await submit(first);
  controls.faults.clear();
  controls.clock.advance(random.int(MINUTE, 3 * MINUTE));
  if (random.chance(0.7)) controls.faults.inject('inbox.sendMessage', { status: 503, times: 1 });
  if (random.chance(0.7)) {
    let jobRan = false;
    controls.faults.interleave('data.insert', async (args) => {
      const row = args[1] as { _id?: string };
      if (!jobRan && /^attempt:.*:0:[2-9]$/.test(String(row._id))) {
        jobRan = true;
        await site.as(JOB, () => drainInboxOutbox()).catch(() => undefined);
      }
    }, Number.POSITIVE_INFINITY);
  }
  await submit(again);
  controls.faults.clear();
}

interface DeliveryRow {
  _id: string;
  kind: string;
  status?: string;
  intentKey: string;
  messageId?: string;
  _createdDate?: unknown;
}

/**
 * When an acknowledgement went out, for its slots. Its message's own time, unless the message is older than the
 * acknowledgement itself (sent before its submission slot was taken, beyond the clock-skew bound) and was adopted:
 * then it is a look-alike's lost send (another intent sending the same words to the same person, its answer lost) that
 * reconciliation ranked to this intent (reconcile.ts: any matching of identical messages to claimants is right), and
 * the look-alike, finding it owned, sends its own after the adoption. This acknowledgement's message is that later one,
 * whichever intent records it: it went out no earlier than the adoption. Judged by the old message's time, a slot taken
 * before the submit it counts would be required (chaos seed 2794: `submit:v-a:…:2` adopted at 13:20 on day 2 the
 * message `submit:v-c:…:1` lost at 10:00 on day 1, and that intent sent again at 19:07).
 */
function countedAt(sentAt: number, adoptedAt: number | undefined, submitStampMs: number): number {
  const beforeItsSubmit = sentAt < submitStampMs - MINUTE;
  return adoptedAt !== undefined && beforeItsSubmit ? Math.max(sentAt, adoptedAt) : sentAt;
}

interface SlotRow {
  _id: string;
  key: string;
  released?: boolean;
  owner?: string;
  _createdDate?: unknown;
}

function judge(site: Site, rows: readonly SlotRow[], records: readonly DeliveryRow[], emails: readonly string[]): StoryFindings {
  const findings: string[] = [];
  const real = (row: SlotRow) => new Date(row._createdDate as string).getTime();
  const intents = site.data.inspectCollection(OUTBOX_COLLECTION) as unknown as { _id: string; content: unknown; gate?: { key: string; owner: string } }[];
  const content = intents[0]?.content;
  const emailOfDigest = new Map(emails.map((e) => [keyDigest(JSON.stringify([e, content])).slice(0, 32), e]));
  // Every message Inbox accepted, with the intent that recorded it (a message nobody recorded is a finding itself).
  const ownerOf = new Map<string, string>();
  for (const r of records) if (((r.kind === 'result' && r.status === 'sent') || r.kind === 'message') && r.messageId) ownerOf.set(r.messageId, r.intentKey);
  // When each message was adopted (real time): reconciliation gives a look-alike's unrecorded message to any claimant.
  const adoptedAt = new Map<string, number>();
  for (const r of records) if (r.kind === 'message' && r.messageId) adoptedAt.set(r.messageId, new Date(r._createdDate as string).getTime());
  const sends = site.inbox.listConversations().flatMap((c) =>
    site.inbox
      .messagesOf(c.conversation._id ?? '')
      .filter((m) => m.originalConversationId === undefined || m.originalConversationId === c.conversation._id)
      .map((m) => ({ at: new Date(m.message._createdDate as unknown as string).getTime(), messageId: String(m.message._id), conversationId: c.conversation._id ?? '' })),
  );
  const conversationOwner = new Map(site.inbox.listConversations().map((c) => [c.conversation._id ?? '', c.participantId]));
  const perIntent = new Map<string, number>();
  const acks: { at: number; keys: string[]; owner?: string; intentKey: string; email: string }[] = [];
  for (const s of sends) {
    const intentKey = ownerOf.get(s.messageId);
    if (!intentKey) {
      // A lost answer: the attempt's result may name no message. Look the message up by conversation and time.
      findings.push(`a message at ${new Date(s.at).toISOString()} is owned by no result (lost answer never adopted?)`);
      continue;
    }
    perIntent.set(intentKey, (perIntent.get(intentKey) ?? 0) + 1);
    const m = /^submit:([^:]*):([0-9a-f]{32}):[0-9]+:([0-9]+)$/.exec(intentKey);
    if (!m) continue;
    const [, visitor, digest, stampMs] = m as unknown as [string, string, string, string];
    const email = emailOfDigest.get(digest);
    if (!email) {
      findings.push(`cannot tell the email of ${intentKey}`);
      continue;
    }
    const who = conversationOwner.get(s.conversationId) as { contactId?: string; memberId?: string } | undefined;
    const person = who?.contactId ? `recipient:contact:${who.contactId}` : who?.memberId ? `recipient:member:${who.memberId}` : undefined;
    const intent = intents.find((i) => i._id === intentKey);
    const keys = [`visitor:${visitor}`, `recipient:email:${keyDigest(email).slice(0, 32)}`, 'visitors', ...(person ? [person] : [])];
    acks.push({ at: countedAt(s.at, adoptedAt.get(s.messageId), Number(stampMs)), keys, intentKey, email, ...(intent?.gate ? { owner: intent.gate.owner } : {}) });
  }
  for (const [key, n] of perIntent) if (n > 1) findings.push(`${key} sent ${n} times`);
  // Each delivered acknowledgement counted, on each key, by a distinct slot not given back, taken before its send.
  const byKey = new Map<string, typeof acks>();
  for (const a of acks) for (const k of a.keys) byKey.set(k, [...(byKey.get(k) ?? []), a]);
  let overLimit = 0;
  let uncounted = 0;
  for (const [key, its] of byKey) {
    const held = rows.filter((r) => r.key === key && r.released !== true).map(real);
    const sorted = [...its].sort((a, b) => a.at - b.at);
    let used = 0;
    for (const a of sorted) {
      const available = held.filter((t) => t <= a.at).length;
      if (available - used < 1) {
        // The first contact of a new email is not known at its call: no person slot can count it.
        // Nor any acknowledgement whose call found the email unknown (two at once both create-or-find the contact):
        // ungated, counted by the email's key, which is the whole person then.
        if (key.startsWith('recipient:contact:') && (isFirstToNewContact(a, acks) || (a.email === 'new@example.com' && a.owner === undefined))) continue;
        uncounted += 1;
        findings.push(`${a.intentKey} delivered ${new Date(a.at).toISOString()} is counted by no slot of ${key} (to ${a.email})`);
      } else used += 1;
    }
  }
  // Allowed takes kept (not given back): no real span shorter than the window holds more than the limit.
  const limitOf = (key: string) =>
    key.startsWith('visitor:') ? LIMITS.visitor : key === 'visitors' ? LIMITS.all : key.startsWith('submit:') ? LIMITS.submit : LIMITS.recipient;
  const keys = new Set(rows.map((r) => r.key));
  for (const key of keys) {
    const { count, windowMs } = limitOf(key);
    const times = rows.filter((r) => r.key === key && r.released !== true).map(real).sort((a, b) => a - b);
    const most = Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u - t < windowMs).length));
    if (most > count) {
      overLimit += 1;
      findings.push(`${key}: ${most} takes within a real ${windowMs / MINUTE} minutes (limit ${count})`);
    }
  }
  return { duplicates: [...perIntent.values()].filter((n) => n > 1).length, lost: 0, overLimit: overLimit + uncounted, findings };
}

/** The acknowledgement that created the contact for an email nobody had: its person was unknown when it was limited. */
function isFirstToNewContact(a: { keys: string[]; at: number }, all: readonly { keys: string[]; at: number }[]): boolean {
  const person = a.keys.find((k) => k.startsWith('recipient:contact:'));
  const email = a.keys.find((k) => k.startsWith('recipient:email:'));
  if (!person || !email || email !== `recipient:email:${keyDigest('new@example.com').slice(0, 32)}`) return false;
  return all.filter((b) => b.keys.includes(person)).every((b) => b.at >= a.at);
}

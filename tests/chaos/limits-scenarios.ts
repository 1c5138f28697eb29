/**
 * The chaos seeds for broadcasts and visitor limits (issue 13, part 3), beside the delivery seeds of scenario.ts. Each
 * seed runs five stories, each on a fresh emulated site with seeded faults and interleavings:
 * - a broadcast started again after housekeeping (25 to 40 days later: inside and past the days a broadcast ID stays
 *   open), maybe twice at once;
 * - a broadcast whose people sign up while it is resolved and delivered, some named two ways, started again later;
 * - one visitor's acknowledgements served by backend containers whose clocks disagree (within ±30 s of the real time,
 *   so by up to 60 s between two), with bursts, double submits and gaps of just under a window;
 * - members greeted once a day (greeting-story.ts): logins from several tabs, the same template sent by the backend,
 *   a contact who signs up in the middle, containers whose clocks disagree, days of just under and over 24 hours;
 * - acknowledgements judged by their slot takes (visitor-slots-story.ts): several visitor IDs, a person with two emails,
 *   an unknown email, identical and different submits at once, failed first submits clicked again beside the job;
 * - keys that die with their message possibly delivered (dead-keys-story.ts): lost answers while listMessages fails for
 *   hours, then the owner's Retry right after a death, beside the job, twice at once, and keys still dead sent again
 *   past their replay window, from containers with skewed clocks: each key arrives exactly once.
 * Then faults stop, the job runs until quiet, and the emulator's Inbox is counted: nobody gets a broadcast twice, nobody
 * it acknowledged is left without it, no real-time hour or day holds more acknowledgements than the limits allow, and
 * no double submit within ten minutes is acknowledged twice, and nobody is greeted twice in a day or promised a greeting
 * that never comes.
 */
import { drainInboxOutbox } from 'backend/inbox-jobs';
import { sendAsCaller } from 'backend/inbox/access';
import { sendToMany } from 'backend/inbox/broadcast';
import { inboxDependencies } from 'backend/wix/composition';
import type { Caller, Site, SiteControls } from 'wix-emulator';
import { deadKeysRetriedAndResent } from './dead-keys-story';
import { greetingsThroughTheDays } from './greeting-story';
import { acknowledgementsCountedByTheirTakes } from './visitor-slots-story';
import { WIX_READ_LAG_MS } from '../support/emulator';
import type { Prng } from './prng';
import { DAY, drainUntilQuiet, EVENT, HOUR, injectInboxFaults, JOB, MINUTE, onFreshSite, type StoryFindings } from './story-kit';

interface Person {
  readonly email: string;
  readonly contactId: string;
  readonly memberId?: string;
}

export interface LimitsSeedReport {
  readonly seed: number;
  /** People who got one broadcast more than once. */
  readonly duplicates: number;
  /** People a broadcast reached (counted in its total) who never got it. */
  readonly lost: number;
  /** Real-time hours or days holding more acknowledgements than a limit allows, and double submits sent twice. */
  readonly overLimit: number;
  readonly failed: boolean;
  readonly findings: readonly string[];
  readonly logs: readonly string[];
}

export async function runLimitsSeed(seed: number): Promise<LimitsSeedReport> {
  const findings: string[] = [];
  const logs: string[] = [];
  const counts = { duplicates: 0, lost: 0, overLimit: 0 };
  for (const story of [broadcastRestartedAfterRetention, signUpsDuringABroadcast, skewedContainers, greetingsThroughTheDays, acknowledgementsCountedByTheirTakes, deadKeysRetriedAndResent]) {
    const lagged = story === greetingsThroughTheDays || story === deadKeysRetriedAndResent;
    const found = await onFreshSite(seed, story.name, logs, story, lagged ? { readLagMs: WIX_READ_LAG_MS } : {});
    counts.duplicates += found.duplicates;
    counts.lost += found.lost;
    counts.overLimit += found.overLimit;
    findings.push(...found.findings.map((f) => `${story.name}: ${f}`));
  }
  return { seed, ...counts, failed: counts.duplicates + counts.lost + counts.overLimit > 0, findings, logs };
}



/** A broadcast delivered under faults, housekeeping a month later, then the same broadcast ID started again. */
async function broadcastRestartedAfterRetention(site: Site, controls: SiteControls, random: Prng): Promise<StoryFindings> {
  const people = seedCrowd(controls, random.int(4, 20), random);
  const text = 'Season pass';
  injectInboxFaults(controls, random);
  const list = people.map((p) => queryFor(p, random));
  const first = await start(site, list, text, random);
  controls.faults.clear();
  await drainUntilQuiet(site, controls);

  controls.clock.advance(random.int(25, 40) * DAY);
  await site.as(JOB, () => drainInboxOutbox());
  injectInboxFaults(controls, random);
  // Started again, maybe twice at once, naming the same people maybe in other words.
  await Promise.all(Array.from({ length: random.int(1, 2) }, () => start(site, people.map((p) => queryFor(p, random)), text, random)));
  controls.faults.clear();
  await drainUntilQuiet(site, controls);
  return judgeBroadcast(site, people, text, first === undefined ? 0 : people.length);
}

/** A broadcast to a few hundred people, some named two ways, while some of its contacts sign up. */
async function signUpsDuringABroadcast(site: Site, controls: SiteControls, random: Prng): Promise<StoryFindings> {
  const people = seedCrowd(controls, random.int(110, 230), random);
  const text = 'Doors open at 9';
  const list = people.map((p) => queryFor(p, random));
  // Some people named a second time, in other words, elsewhere in the list (another batch, often).
  for (let i = random.int(1, 6); i > 0; i -= 1) {
    const person = random.pick(people);
    list.splice(random.int(0, list.length), 0, person.memberId ? { memberId: person.memberId } : random.chance(0.5) ? { contactId: person.contactId } : { email: person.email });
  }
  // Contacts sign up at seeded moments of the start (a lookup, a bulk insert, a send): Wix's own doing.
  const signingUp = people.filter((p) => !p.memberId).slice(0, random.int(1, 4));
  const moments = signingUp.map(() => random.int(1, 40));
  let calls = 0;
  controls.faults.interleave(
    '*',
    () => {
      calls += 1;
      moments.forEach((moment, i) => {
        if (moment === calls) controls.seed.memberSilently({ email: (signingUp[i] as Person).email, firstName: 'New' });
      });
    },
    Number.POSITIVE_INFINITY,
  );
  injectInboxFaults(controls, random);
  const first = await start(site, list, text, random);
  controls.faults.clear();
  for (const person of signingUp) if (!memberOf(site, person)) controls.seed.memberSilently({ email: person.email, firstName: 'New' });
  if (random.chance(0.5)) await start(site, list, text, random);
  await drainUntilQuiet(site, controls);
  return judgeBroadcast(site, people, text, first === undefined ? 0 : people.length);
}

/** One visitor's acknowledgements through three containers whose clocks disagree, against the limits in real time. */
async function skewedContainers(site: Site, controls: SiteControls, random: Prng): Promise<StoryFindings> {
  const recipients = Array.from({ length: 3 }, (_, i) => `skew${i}@example.com`);
  const emailOfContact = new Map(
    recipients.map((email) => [controls.seed.contact({ emails: [{ email, tag: 'MAIN', primary: true }] } as Parameters<SiteControls['seed']['contact']>[0])._id ?? '', email]),
  );
  const containers = Array.from({ length: 3 }, () => {
    const skewMs = Math.round((random.next() - 0.5) * MINUTE);
    return inboxDependencies({ clock: { now: () => new Date(controls.clock.nowMs() + skewMs), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) } });
  });
  const visitor: Caller = { kind: 'visitor', visitorId: 'v-skewed' };
  // Every submit, answered or not: a double-submit window starts at a submit, and one that failed keeps its window.
  const submitted: { at: number; email: string }[] = [];
  for (let i = random.int(12, 24); i > 0; i -= 1) {
    const email = random.pick(recipients);
    const deps = random.pick(containers);
    // A burst of one to three requests at once, sometimes the same submit twice (a double click).
    const burst = Array.from({ length: random.int(1, 3) }, () => (random.chance(0.4) ? email : random.pick(recipients)));
    for (const to of burst) submitted.push({ at: controls.clock.nowMs(), email: to });
    await Promise.all(
      burst.map((to) =>
        site.as(visitor, () => sendAsCaller(deps, { email: to }, { template: 'form-received', vars: { name: 'Skye' } }, undefined)).catch(() => undefined),
      ),
    );
    controls.clock.advance(random.chance(0.5) ? random.int(0, 90_000) : random.chance(0.5) ? 10 * MINUTE - random.int(0, 90_000) : HOUR - random.int(0, 90_000));
  }
  await drainUntilQuiet(site, controls);

  const findings: string[] = [];
  const sends = acknowledgements(site, controls, emailOfContact);
  const most = (times: readonly number[], window: number) => Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u - t < window).length));
  let overLimit = 0;
  const perVisitor = most(sends.map((s) => s.at), HOUR);
  if (perVisitor > 5) {
    overLimit += 1;
    findings.push(`${perVisitor} acknowledgements for one visitor ID within an hour (limit 5)`);
  }
  for (const email of recipients) {
    const times = sends.filter((s) => s.email === email).map((s) => s.at);
    const perDay = most(times, DAY);
    if (perDay > 5) {
      overLimit += 1;
      findings.push(`${perDay} acknowledgements to ${email} within a day (limit 5)`);
    }
    if (!eachInItsOwnWindow(times, submitted.filter((s) => s.email === email).map((s) => s.at))) {
      overLimit += 1;
      findings.push(`a double submit to ${email} acknowledged twice within ten minutes`);
    }
  }
  return { duplicates: 0, lost: 0, overLimit, findings };
}

/**
 * Whether every acknowledgement can be the one of its own double-submit window: windows start at submits, ten minutes
 * apart at least (less the containers' skew), and an acknowledgement goes out at or after its window's start — later
 * when its first try failed and a click within the window sent it, or the job delivered it. Each acknowledgement, in
 * order, takes the earliest submit that can start the next window (the choice that leaves the most room).
 */
function eachInItsOwnWindow(sends: readonly number[], submits: readonly number[]): boolean {
  const starts = [...submits].sort((a, b) => a - b);
  let window = Number.NEGATIVE_INFINITY;
  for (const sent of [...sends].sort((a, b) => a - b)) {
    const start = starts.find((s) => s >= window + 10 * MINUTE - MINUTE);
    if (start === undefined || start > sent) return false;
    window = start;
  }
  return true;
}

function seedCrowd(controls: SiteControls, n: number, random: Prng): Person[] {
  return Array.from({ length: n }, (_, i) => {
    const email = `person${i}@example.com`;
    if (random.chance(0.3)) {
      const m = controls.seed.memberSilently({ email, firstName: `M${i}` });
      return { email, memberId: m._id ?? '', contactId: m.contactId ?? '' };
    }
    const c = controls.seed.contact({ emails: [{ email, tag: 'MAIN', primary: true }] } as Parameters<SiteControls['seed']['contact']>[0]);
    return { email, contactId: c._id ?? '' };
  });
}

type Query = { email: string } | { contactId: string } | { memberId: string };
function queryFor(person: Person, random: Prng): Query {
  if (person.memberId && random.chance(0.5)) return { memberId: person.memberId };
  return random.chance(0.5) ? { email: person.email } : { contactId: person.contactId };
}


async function start(site: Site, list: readonly Query[], text: string, random: Prng): Promise<number | undefined> {
  try {
    const started = await site.as(EVENT, () => sendToMany(inboxDependencies(), list, text, { idempotencyKey: 'chaos-broadcast', budgetMs: random.pick([0, 2_000, 8_000]) }));
    return started.total;
  } catch {
    // A start that failed (a wix-data failure writing the intents) is retried by its admin: the next start.
    return undefined;
  }
}


function memberOf(site: Site, person: Person): string | undefined {
  return person.memberId ?? site.members.memberIdOfContact(person.contactId) ?? undefined;
}

/** Each person holds the broadcast's text once (in their live conversations); `expected` people were reached. */
function judgeBroadcast(site: Site, people: readonly Person[], text: string, expected: number): StoryFindings {
  const live = site.inbox.listConversations().filter((c) => !c.mergedInto);
  const findings: string[] = [];
  let duplicates = 0;
  let lost = 0;
  for (const person of people) {
    const memberId = memberOf(site, person);
    const mine = live.filter((c) => ('memberId' in c.participantId ? c.participantId.memberId === memberId : 'contactId' in c.participantId && c.participantId.contactId === person.contactId));
    const n = mine.reduce((total, c) => total + site.inbox.messagesOf(c.conversation._id ?? '').filter((m) => m.message.content?.basic?.items?.[0]?.text === text).length, 0);
    if (n > 1) {
      duplicates += 1;
      findings.push(`${person.email} got the broadcast ${n} times`);
    }
    if (n === 0 && expected > 0) {
      lost += 1;
      findings.push(`${person.email} never got the broadcast`);
    }
  }
  return { duplicates, lost, overLimit: 0, findings };
}

/** The acknowledgements that arrived, by real time and recipient email. */
function acknowledgements(site: Site, controls: SiteControls, emailOfContact: ReadonlyMap<string, string>): { at: number; email: string }[] {
  const emailOf = new Map<string, string>();
  for (const c of site.inbox.listConversations()) {
    const email = 'contactId' in c.participantId ? emailOfContact.get(c.participantId.contactId) : undefined;
    if (email) emailOf.set(c.conversation._id ?? '', email);
  }
  return controls.journal
    .entries((e) => e.operation === 'inbox.sendMessage' && e.outcome === 'ok')
    .map((e) => ({ at: Date.parse(e.at), email: emailOf.get(String(e.args[0])) ?? '?' }));
}



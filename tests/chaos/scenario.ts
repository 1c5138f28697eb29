/**
 * One seed of the chaos run: a fresh emulated site, the delivery layer driven only through its public doors (the
 * `backend/inbox.web` web method as the site admin, the backend `sendToParticipant`, the hourly job
 * `drainInboxOutbox`), and everything the seed decides happening at once: several calls with one key, identical
 * contents to one person under different keys, the job running beside the calls, clock jumps of minutes, 5xx / 429 /
 * lost responses on Inbox and on wix-data, and a contact becoming a member while sends are in flight; identical words
 * carrying different images or files, or sent as a business-only note; a conversation getting more messages than one
 * page of it while answers are lost. Then faults stop, the job runs until it has nothing left to do, and the emulator's own Inbox (messages physically in
 * conversations) is compared with what was asked. A second phase sends some keys again once their replay window is
 * over (in some seeds after housekeeping's 30 days, beside the job that removes them), under the same trouble, and
 * counts again: each such key must arrive exactly once more.
 *
 * Nothing here reads the outbox's rows or calls the delivery internals, so the run keeps its meaning when they change.
 */
import * as webModule from 'backend/inbox.web';
import { drainInboxOutbox } from 'backend/inbox-jobs';
import { sendToParticipant } from 'backend/inbox/send';
import { REQUIRED_COLLECTIONS } from 'backend/wix/collections';
import { inboxDependencies } from 'backend/wix/composition';
import { controlsFor, createSite, useSite, type Caller, type FaultSpec, type Site, type SiteControls } from 'wix-emulator';
import { Prng } from './prng';
import { installVirtualTime, yieldTurns } from './virtual-time';
import { WIX_READ_LAG_MS } from '../support/emulator';
import { ADMIN_ONLY } from '../../scripts/workbench/admin-only';

/**
 * Injected failures per seed stay below the attempts an intent gets (12), so no intent can run out of attempts on
 * injected failures alone: an intent that dies here died although Wix answered normally for some of its attempts.
 * Every recipient exists and every message is valid, so there is no other reason to die.
 */
export const MAX_FAULTS_PER_SEED = 10;

/**
 * Hourly job runs after the faults stop (the job gives each intent one attempt per run). Kept under the 24 h replay
 * window, so the replay afterwards still finds every finished key.
 */
const MAX_QUIET_RUNS = 20;
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const MINUTE = 60 * 1000;
/** Messages the busy participant writes at once: more than one page of reconciliation's reads. */
const BUSY_MESSAGES = 60;

/**
 * What a message carries besides its words: nothing, an image (two different ones), a file, or nothing but sent as a
 * business-only note. Keys sharing words with different variants are different messages.
 */
type Variant = 'plain' | 'image-a' | 'image-b' | 'file' | 'note';
const VARIANTS: readonly Variant[] = ['plain', 'image-a', 'image-b', 'file', 'note'];

type Query = { email: string } | { contactId: string } | { memberId: string };
type Door = 'web' | 'backend';

interface Person {
  readonly name: string;
  readonly email: string;
  readonly contactId: string;
  /** Set for people who are members from the start. */
  readonly memberId?: string;
}

/** One idempotency key and what every call with it asks for. */
interface KeyPlan {
  readonly key: string;
  /** Tells messages apart when counting: the words, and the variant when it is not `plain`. */
  readonly text: string;
  readonly words?: string;
  readonly variant?: Variant;
  /** Calls that send the key again in the second phase (none: not sent again). */
  readonly resendCalls?: number;
  readonly query: Query;
  /** One entry per call made with this key (all start concurrently, at their own turn). */
  readonly calls: readonly { readonly door: Door; readonly startTurn: number }[];
}

export interface SeedPlan {
  readonly seed: number;
  readonly keys: readonly KeyPlan[];
  readonly jobRunsAtTurns: readonly number[];
  readonly faults: readonly { readonly operation: string; readonly spec: FaultSpec }[];
  /** Emulated call on which the merging contact signs up (undefined: nobody signs up). */
  readonly mergeAtCall?: number;
  readonly clockJumps: number;
  readonly clockJumpAtTurns: readonly number[];
  readonly clockJumpMinutes: readonly number[];
  readonly sameKeyCallers: number;
  readonly identicalKeys: number;
  /** Emulated call on which the person of the identical messages writes BUSY_MESSAGES messages (undefined: never). */
  readonly busyAtCall?: number;
  readonly busyPerson?: Person;
  /** Days the second phase waits (1: past the replay window; 30: past housekeeping's retention). */
  readonly resendAfterDays: number;
}

/** What one call answered, as its caller saw it. */
type CallOutcome = { readonly status: string } | { readonly error: string };

export interface KeyOutcome {
  readonly key: string;
  readonly text: string;
  readonly outcomes: readonly CallOutcome[];
  /** Some call answered with a result (sent, queued, skipped): the site accepted the message. */
  readonly acknowledged: boolean;
  /** After the job went quiet, the same call once more (healthy Wix): what the key's state answers. */
  readonly probe: CallOutcome;
  /** The probe had to send: the key was not finished although the job had gone quiet. */
  readonly probeSent: boolean;
}

export interface SeedReport {
  readonly seed: number;
  readonly duplicates: number;
  readonly lost: number;
  readonly deadWhileHealthy: number;
  /** Messages that landed in a detached conversation (a member addressed by contact ID). */
  readonly misaddressed: number;
  /** The job still had work after MAX_QUIET_RUNS runs. */
  readonly unsettled: boolean;
  readonly failed: boolean;
  /** One line per finding, for the replay. */
  readonly findings: readonly string[];
  readonly keys: readonly KeyOutcome[];
  readonly faultsInjected: number;
  readonly clockJumpsMade: number;
  readonly merged: boolean;
  readonly emulatedCalls: number;
  readonly jobRuns: number;
  /** Console lines the site's code wrote during the seed (kept out of the run's output). */
  readonly logs: readonly string[];
}

const ADMIN: Caller = { kind: 'admin', visitorId: 'visitor-admin', userId: 'owner-user-1' };
const EVENT: Caller = { kind: 'system', reason: 'event' };
const JOB: Caller = { kind: 'system', reason: 'job' };

const RETRYABLE = new Set(['INBOX_UNAVAILABLE', 'RATE_LIMITED']);
const INBOX_OPS = ['inbox.getOrCreateConversation', 'inbox.sendMessage', 'inbox.listMessages'];
const DATA_OPS = ['data.insert', 'data.update', 'data.save', 'data.query', 'data.get'];
/** The job writes the results and rows of its sent attempts with these, many at once (sent-batch.ts). */
const BULK_OPS = ['data.bulkInsert', 'data.bulkUpdate'];
/** Every Wix operation the delivery layer may call (the site's own, not the page→backend boundary). */
const WIX_OPERATIONS = [
  ...INBOX_OPS,
  'inbox.getConversation',
  ...DATA_OPS,
  ...BULK_OPS,
  'data.remove',
  'data.count',
  'data.distinct',
  'contacts.appendOrCreateContact',
  'contacts.createContact',
  'contacts.getContact',
  'contacts.queryContacts',
  'members.getMember',
  'members.getCurrentMember',
  'members.getRoles',
  'users.getEmail',
  'users.getRoles',
  // The job's setup check (does each collection exist?) before it takes any intent.
  'data.getDataCollection',
  'data.createDataCollection',
];
const WRITES = new Set(['inbox.sendMessage', 'data.insert', 'data.update', 'data.save']);

/** Everything the seed decides before the run starts (what happens when, and how often). */
/** Which kinds of trouble a seed may bring; all on by default (a switch off is how a test isolates one). */
export interface Ingredients {
  readonly faults: boolean;
  readonly clockJumps: boolean;
  readonly merges: boolean;
}
export const ALL_INGREDIENTS: Ingredients = { faults: true, clockJumps: true, merges: true };

export function planSeed(
  seed: number,
  people: { readonly targets: readonly Person[]; readonly all: readonly Person[] },
  ingredients: Ingredients = ALL_INGREDIENTS,
): SeedPlan {
  const random = new Prng(seed ^ 0x5eed);
  const keys: KeyPlan[] = [];
  const queryFor = (person: Person): Query => {
    const form = random.int(0, 2);
    if (form === 0 || (form === 2 && !person.memberId)) return { email: person.email };
    if (form === 2 && person.memberId) return { memberId: person.memberId };
    return person.memberId ? { memberId: person.memberId } : { contactId: person.contactId };
  };
  const door = (): Door => (random.chance(0.5) ? 'web' : 'backend');

  // Several calls with one key at once: a double click, a retried request, the event redelivered.
  const sameKeyCallers = random.int(3, 6);
  const sameKeyTarget = random.pick(people.targets);
  keys.push({
    key: `same-${seed}`,
    text: `chaos ${seed}: same key`,
    query: queryFor(sameKeyTarget),
    calls: Array.from({ length: sameKeyCallers }, () => ({ door: door(), startTurn: random.int(0, 12) })),
  });
  // Identical contents to one person under different keys: only the count tells them apart.
  const identicalKeys = random.int(2, 12);
  const identicalTarget = random.pick(people.targets);
  for (let i = 0; i < identicalKeys; i += 1) {
    const repeats = random.chance(0.25) ? 2 : 1;
    keys.push({
      key: `identical-${seed}-${i}`,
      text: `chaos ${seed}: identical`,
      query: queryFor(identicalTarget),
      calls: Array.from({ length: repeats }, () => ({ door: door(), startTurn: random.int(0, 20) })),
    });
  }
  // A few ordinary sends beside them, some to the contact who may sign up mid-flight.
  const unique = random.int(2, 5);
  for (let i = 0; i < unique; i += 1) {
    keys.push({
      key: `unique-${seed}-${i}`,
      text: `chaos ${seed}: unique ${i}`,
      query: queryFor(random.pick(people.all)),
      calls: [{ door: door(), startTurn: random.int(0, 20) }],
    });
  }

  const jobRunsAtTurns = Array.from({ length: random.int(1, 3) }, () => random.int(0, 40));
  const faultCount = random.int(0, MAX_FAULTS_PER_SEED);
  const faults = Array.from({ length: faultCount }, () => {
    const operation = random.chance(0.5) ? random.pick(INBOX_OPS) : random.pick(DATA_OPS);
    const kind = random.int(0, WRITES.has(operation) ? 2 : 1);
    const probability = 0.1 + random.next() * 0.3;
    const spec: FaultSpec =
      kind === 0
        ? { status: random.pick([500, 502, 503]), probability, times: 1 }
        : kind === 1
          ? { status: 429, retryAfterSeconds: random.int(1, 30), probability, times: 1 }
          : { responseLost: true, probability, times: 1 };
    return { operation, spec };
  });
  // Drawn whatever the ingredients, so switching one off leaves the rest of the seed as it was.
  const drawnJumps = random.int(0, 3);
  const mergeAtCall = random.chance(0.7) ? random.int(3, 80) : undefined;
  const clockJumps = ingredients.clockJumps ? drawnJumps : 0;
  // Later additions draw from their own stream, so the draws above (and the seeds recorded failing) stay as they were.
  const more = new Prng(seed ^ 0x2e5e7d);
  const variants = keys.map((k) => (k.key.startsWith('identical-') && more.chance(0.6) ? more.pick(VARIANTS) : 'plain'));
  const resends = keys.map((k) => (k.key.startsWith('identical-') ? 0 : more.chance(0.6) ? more.int(1, 3) : 0));
  const busyAtCall = more.chance(0.4) ? more.int(3, 60) : undefined;
  const resendAfterDays = more.chance(0.3) ? 30 : 1;
  // A bulk write of the job's results or rows failing whole, refused or with its answer lost (each item then answers
  // as its single write would have).
  const bulk = new Prng(seed ^ 0xb01c);
  const bulkFaults = bulk.chance(0.5)
    ? [{ operation: bulk.pick(BULK_OPS), spec: bulk.pick<FaultSpec>([{ status: 503, times: 1 }, { status: 429, retryAfterSeconds: 5, times: 1 }, { responseLost: true, times: 1 }]) }]
    : [];
  const planned = keys.map((k, i): KeyPlan => {
    const variant = variants[i] ?? 'plain';
    return { ...k, words: k.text, variant, text: variant === 'plain' ? k.text : `${k.text} [${variant}]`, resendCalls: resends[i] ?? 0 };
  });
  return {
    seed,
    keys: planned,
    jobRunsAtTurns,
    faults: ingredients.faults ? [...faults, ...bulkFaults] : [],
    ...(mergeAtCall !== undefined && ingredients.merges ? { mergeAtCall } : {}),
    clockJumps,
    clockJumpAtTurns: Array.from({ length: clockJumps }, () => random.int(0, 60)),
    clockJumpMinutes: Array.from({ length: clockJumps }, () => random.int(1, 5)),
    sameKeyCallers,
    identicalKeys,
    ...(busyAtCall !== undefined ? { busyAtCall, busyPerson: identicalTarget } : {}),
    resendAfterDays,
  };
}

export async function runChaosSeed(seed: number, ingredients: Ingredients = ALL_INGREDIENTS): Promise<SeedReport> {
  // Wix Data's eventual consistency is on: a decisive read without consistentRead would be served stale here.
  const site = createSite({ seed, readLagMs: WIX_READ_LAG_MS });
  useSite(site);
  const controls = controlsFor(site);
  for (const name of REQUIRED_COLLECTIONS) controls.seed.collection(name, ADMIN_ONLY);
  const people = seedPeople(controls);
  const plan = planSeed(seed, people, ingredients);
  const random = new Prng(seed ^ 0xc4a05);
  const logs: string[] = [];
  const restoreConsole = captureConsole(logs);
  const transit = { idle: () => true };
  const restoreTime = installVirtualTime(controls.clock, () => random.next(), () => transit.idle());
  try {
    return await runPlan(site, controls, plan, people.merging, random, logs, transit);
  } finally {
    restoreTime();
    restoreConsole();
  }
}

async function runPlan(
  site: Site,
  controls: SiteControls,
  plan: SeedPlan,
  merging: Person,
  random: Prng,
  logs: string[],
  transit: { idle: () => boolean },
): Promise<SeedReport> {
  for (const { operation, spec } of plan.faults) controls.faults.inject(operation, spec);

  // The scheduler: every Wix call first waits a seeded number of event-loop turns, so concurrent work interleaves
  // differently per seed, and on one call the merging contact signs up (Wix's own doing, at any moment).
  // Time moves only while no Wix request is in transit (timers fire and the clock jumps between requests, never
  // during one): a stalled instance pauses between its calls, as a request already sent to Wix completes on its own.
  let started = 0;
  let merged = false;
  let busy = false;
  const scheduler = async () => {
    started += 1;
    await yieldTurns(random.int(0, 3));
    if (!merged && plan.mergeAtCall !== undefined && started >= plan.mergeAtCall) {
      merged = true;
      controls.seed.memberSilently({ email: merging.email, firstName: merging.name });
    }
    const busyPerson = plan.busyPerson;
    if (!busy && busyPerson && plan.busyAtCall !== undefined && started >= plan.busyAtCall) {
      busy = true;
      const participant = busyPerson.memberId ? { memberId: busyPerson.memberId } : { contactId: busyPerson.contactId };
      for (let n = 0; n < BUSY_MESSAGES; n += 1) controls.act.participantSendsMessage(participant, `busy ${n}`);
    }
  };
  const installScheduler = () => {
    for (const operation of WIX_OPERATIONS) controls.faults.interleave(operation, scheduler, Number.POSITIVE_INFINITY);
    // Web method calls cross the page→backend boundary (journalled as calls too) and last as long as the method runs.
    controls.faults.interleave('*', () => yieldTurns(random.int(0, 3)), Number.POSITIVE_INFINITY);
  };
  installScheduler();
  // Without the scheduler (while the job settles and the keys are probed), every call is still counted as started: a
  // call the site's code left running in the background may answer after the scheduler is back, and must not count
  // as one more answer than calls sent (time would never move again).
  const countStarts = () => {
    for (const operation of WIX_OPERATIONS) controls.faults.interleave(operation, () => void (started += 1), Number.POSITIVE_INFINITY);
  };
  let completed = 0;
  let journalSeen = 0;
  const idle = () => {
    const entries = controls.journal.entries();
    for (; journalSeen < entries.length; journalSeen += 1) if (!entries[journalSeen]?.operation.startsWith('webMethod.')) completed += 1;
    return completed === started;
  };
  transit.idle = idle;

  let clockJumpsMade = 0;
  const stalls = Array.from({ length: plan.clockJumps }, async (_, i) => {
    await yieldTurns(plan.clockJumpAtTurns[i] ?? 0);
    while (!idle()) await yieldTurns(1);
    clockJumpsMade += 1;
    controls.clock.advance((plan.clockJumpMinutes[i] ?? 1) * MINUTE);
  });

  const outcomes = new Map<string, CallOutcome[]>(plan.keys.map((k) => [k.key, []]));
  const callers = plan.keys.flatMap((k) =>
    k.calls.map(async (call) => {
      await yieldTurns(call.startTurn);
      for (const outcome of await carefulCall(site, call.door, k)) outcomes.get(k.key)?.push(outcome);
    }),
  );
  const jobs = plan.jobRunsAtTurns.map(async (turn) => {
    await yieldTurns(turn);
    // A failing job run is the job's problem, not a caller's: it runs again next hour.
    await site.as(JOB, () => drainInboxOutbox()).catch((error: unknown) => logs.push(`job run failed: ${errorCode(error)}`));
  });
  await Promise.all([...callers, ...jobs, ...stalls]);
  const faultsInjected = controls.journal.entries((e) => e.outcome === 'error' && isInjected(e.error)).length;

  // Wix recovers; the hourly job runs until two runs in a row find nothing to deliver (Inbox, contacts and members
  // untouched: the job's own bookkeeping in wix-data does not count as work).
  controls.faults.clear();
  countStarts();
  transit.idle = () => true;
  let jobRuns = 0;
  const settle = async (): Promise<boolean> => {
    let runs = 0;
    let quietRuns = 0;
    while (runs < MAX_QUIET_RUNS && quietRuns < 2) {
      controls.clock.advance(HOUR);
      const before = controls.journal.entries().length;
      await site.as(JOB, () => drainInboxOutbox());
      runs += 1;
      const worked = controls.journal.entries().slice(before).some((e) => /^(inbox|contacts|members)\./.test(e.operation));
      quietRuns = worked ? 0 : quietRuns + 1;
    }
    jobRuns += runs;
    return quietRuns < 2;
  };
  const unsettled = await settle();

  const before = arrivals(controls, plan.seed);
  const keyOutcomes: KeyOutcome[] = [];
  for (const k of plan.keys) {
    const sentBefore = controls.journal.count('inbox.sendMessage', 'ok');
    const [probe] = await call(site, 'backend', k);
    keyOutcomes.push({
      key: k.key,
      text: k.text,
      outcomes: outcomes.get(k.key) ?? [],
      acknowledged: (outcomes.get(k.key) ?? []).some((o) => 'status' in o),
      probe: probe as CallOutcome,
      probeSent: controls.journal.count('inbox.sendMessage', 'ok') > sentBefore,
    });
  }
  const after = arrivals(controls, plan.seed);
  const verdict = judge(plan, keyOutcomes, before.live, after.live, after.detached, unsettled);

  // Second phase: some keys sent again once their replay window is over (or after housekeeping's 30 days, beside the
  // job that removes them), under the same trouble. Each must arrive exactly once more.
  const resent = plan.keys.filter((k) => (k.resendCalls ?? 0) > 0);
  let again: ReturnType<typeof judgeResends> | undefined;
  if (resent.length > 0) {
    controls.clock.advance(plan.resendAfterDays * DAY);
    controls.faults.clear();
    for (const { operation, spec } of plan.faults) controls.faults.inject(operation, spec);
    installScheduler();
    transit.idle = idle;
    const second = new Map<string, CallOutcome[]>(resent.map((k) => [k.key, []]));
    const resendCalls = resent.flatMap((k) =>
      Array.from({ length: k.resendCalls ?? 0 }, async () => {
        await yieldTurns(random.int(0, 12));
        for (const outcome of await carefulCall(site, random.chance(0.5) ? 'web' : 'backend', k)) second.get(k.key)?.push(outcome);
      }),
    );
    const job = (async () => {
      await yieldTurns(random.int(0, 30));
      await site.as(JOB, () => drainInboxOutbox()).catch((error: unknown) => logs.push(`job run failed: ${errorCode(error)}`));
    })();
    const beforeResends = arrivals(controls, plan.seed).live;
    await Promise.all([...resendCalls, job]);
    controls.faults.clear();
    countStarts();
    transit.idle = () => true;
    const stillBusy = await settle();
    const arrived = arrivals(controls, plan.seed);
    const probes: CallOutcome[] = [];
    for (const k of resent) probes.push((await call(site, 'backend', k))[0]);
    // A message in a detached conversation during the second phase too (a sign-up may land in it).
    again = judgeResends(resent, second, probes, beforeResends, arrived.live, arrived.detached - after.detached, stillBusy);
  }
  const combined = again
    ? {
        ...verdict,
        duplicates: verdict.duplicates + again.duplicates,
        lost: verdict.lost + again.lost,
        deadWhileHealthy: verdict.deadWhileHealthy + again.deadWhileHealthy,
        misaddressed: verdict.misaddressed + again.misaddressed,
        unsettled: verdict.unsettled || again.unsettled,
        failed: verdict.failed || again.failed,
        findings: [...verdict.findings, ...again.findings],
      }
    : verdict;
  return {
    ...combined,
    seed: plan.seed,
    keys: keyOutcomes,
    faultsInjected,
    clockJumpsMade,
    merged,
    emulatedCalls: controls.journal.entries().length,
    jobRuns,
    logs,
  };
}

/** Compares what arrived with what was asked, per text (keys sharing a text can only be told apart by count). */
export function judge(
  plan: Pick<SeedPlan, 'keys'>,
  keys: readonly KeyOutcome[],
  arrivedBeforeProbe: ReadonlyMap<string, number>,
  arrivedAfterProbe: ReadonlyMap<string, number>,
  detached: number,
  unsettled: boolean,
): Pick<SeedReport, 'duplicates' | 'lost' | 'deadWhileHealthy' | 'misaddressed' | 'unsettled' | 'failed' | 'findings'> {
  const findings: string[] = [];
  let duplicates = 0;
  let lost = 0;
  for (const text of new Set(plan.keys.map((k) => k.text))) {
    const group = keys.filter((k) => k.text === text);
    const label = group.length === 1 ? `key ${group[0]?.key}` : `${group.length} keys with the text "${text}"`;
    const extra = (arrivedAfterProbe.get(text) ?? 0) - group.length;
    if (extra > 0) {
      duplicates += extra;
      findings.push(`duplicate: ${label} arrived ${arrivedAfterProbe.get(text)} times`);
    }
    // Owed: every key the site acknowledged and did not give up. The job has gone quiet, so each must be there.
    const owed = group.filter((k) => k.acknowledged && !isDead(k.probe)).length;
    const missing = owed - (arrivedBeforeProbe.get(text) ?? 0);
    if (missing > 0) {
      lost += missing;
      findings.push(`lost: ${label}: ${owed} acknowledged and not dead, ${arrivedBeforeProbe.get(text) ?? 0} arrived`);
    }
  }
  const dead = keys.filter((k) => isDead(k.probe));
  for (const k of dead) findings.push(`dead while healthy: ${k.key} (${show(k.probe)}), calls answered ${k.outcomes.map(show).join(', ')}`);
  for (const k of keys.filter((k) => k.probeSent && k.acknowledged)) findings.push(`unfinished: ${k.key} was still undelivered after the job went quiet`);
  for (const k of keys.filter((k) => 'status' in k.probe && k.probe.status === 'queued')) findings.push(`unfinished: ${k.key} still answers queued with Wix healthy and the job quiet`);
  if (detached > 0) findings.push(`misaddressed: ${detached} message(s) in detached conversations`);
  if (unsettled) findings.push(`unsettled: the job still had work after ${MAX_QUIET_RUNS} hourly runs`);
  return {
    duplicates,
    lost,
    deadWhileHealthy: dead.length,
    misaddressed: detached,
    unsettled,
    failed: duplicates + lost + dead.length + detached > 0 || unsettled,
    findings,
  };
}

/**
 * The second phase's verdict: every key sent again arrived once more (not twice, not never when acknowledged and not
 * given up), and answers with its new delivery afterwards, not `queued`.
 */
export function judgeResends(
  keys: readonly KeyPlan[],
  outcomes: ReadonlyMap<string, readonly CallOutcome[]>,
  probes: readonly CallOutcome[],
  before: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, number>,
  detached: number,
  unsettled: boolean,
): { duplicates: number; lost: number; deadWhileHealthy: number; misaddressed: number; unsettled: boolean; failed: boolean; findings: string[] } {
  const findings: string[] = [];
  let duplicates = 0;
  let lost = 0;
  let dead = 0;
  keys.forEach((k, i) => {
    const probe = probes[i] ?? { error: 'no probe' };
    const arrived = (after.get(k.text) ?? 0) - (before.get(k.text) ?? 0);
    const acknowledged = (outcomes.get(k.key) ?? []).some((o) => 'status' in o);
    if (arrived > 1) {
      duplicates += arrived - 1;
      findings.push(`duplicate: key ${k.key} sent again arrived ${arrived} times`);
    }
    if (isDead(probe)) {
      dead += 1;
      findings.push(`dead while healthy: ${k.key} sent again (${show(probe)})`);
    } else if (acknowledged && arrived === 0) {
      lost += 1;
      findings.push(`lost: key ${k.key} sent again was acknowledged and never arrived`);
    }
    if ('status' in probe && probe.status === 'queued') findings.push(`unfinished: ${k.key} sent again still answers queued`);
  });
  if (detached > 0) findings.push(`misaddressed: ${detached} message(s) sent again in detached conversations`);
  if (unsettled) findings.push(`unsettled: the job still had work after ${MAX_QUIET_RUNS} hourly runs of the second phase`);
  return {
    duplicates,
    lost,
    deadWhileHealthy: dead,
    misaddressed: detached,
    unsettled,
    failed: duplicates + lost + dead + detached > 0 || unsettled || findings.some((f) => f.startsWith('unfinished')),
    findings,
  };
}

/** A careful caller: on a retryable failure it waits a little and calls again with the same key (at most 3 calls). */
async function carefulCall(site: Site, door: Door, k: KeyPlan): Promise<CallOutcome[]> {
  const seen: CallOutcome[] = [];
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const [outcome] = await call(site, door, k);
    if (!outcome) break;
    seen.push(outcome);
    if (!('error' in outcome) || !RETRYABLE.has(outcome.error)) break;
    await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
  }
  return seen;
}

/** One call through the given door, its answer reduced to a status or an error code. */
async function call(site: Site, door: Door, k: KeyPlan): Promise<[CallOutcome]> {
  const options = { idempotencyKey: k.key, ...(k.variant === 'note' ? { visibility: 'BUSINESS' as const } : {}) };
  const message = messageOf(k);
  if (door === 'web') {
    try {
      const answer = (await site.as(ADMIN, () => webModule.sendToParticipant(k.query, message, options))) as
        | { ok: true; value: { status: string } }
        | { ok: false; error: { code: string } };
      return [answer.ok ? { status: answer.value.status } : { error: answer.error.code }];
    } catch (error) {
      // The web method itself failed at the boundary (e.g. an injected failure of the RPC): no answer from the site.
      return [{ error: errorCode(error) }];
    }
  }
  try {
    const result = await site.as(EVENT, () => sendToParticipant(inboxDependencies(), k.query, message, options));
    return [{ status: result.status }];
  } catch (error) {
    return [{ error: errorCode(error) }];
  }
}

const ATTACHMENTS = {
  'image-a': { image: { url: 'https://static.example.com/chaos/a.png' } },
  'image-b': { image: { url: 'https://static.example.com/chaos/b.png' } },
  file: { file: { url: 'https://static.example.com/chaos/terms.pdf', filename: 'terms.pdf' } },
} as const;

/** The words alone, or the words and the key's attachment. */
function messageOf(k: KeyPlan): string | { basic: { items: ({ text: string } | (typeof ATTACHMENTS)[keyof typeof ATTACHMENTS])[] } } {
  const words = k.words ?? k.text;
  if (k.variant === 'image-a' || k.variant === 'image-b' || k.variant === 'file') return { basic: { items: [{ text: words }, ATTACHMENTS[k.variant]] } };
  return words;
}

/** The label a listed message counts under: its words, and the variant it carries (see `Variant`). */
function labelOf(message: { content?: { basic?: { items?: unknown[] } } | null; visibility?: string | null }, words: string): string {
  const second = message.content?.basic?.items?.[1] as { image?: { url?: string }; file?: unknown } | undefined;
  const variant = second?.image?.url === ATTACHMENTS['image-a'].image.url
    ? 'image-a'
    : second?.image?.url === ATTACHMENTS['image-b'].image.url
      ? 'image-b'
      : second?.file
        ? 'file'
        : message.visibility === 'BUSINESS'
          ? 'note'
          : 'plain';
  return variant === 'plain' ? words : `${words} [${variant}]`;
}

/** How often each chaos text sits in a conversation (merged history counts where it lives now), and how many in detached ones. */
function arrivals(controls: SiteControls, seed: number): { live: Map<string, number>; detached: number } {
  const live = new Map<string, number>();
  let detached = 0;
  const prefix = `chaos ${seed}:`;
  for (const c of controls.inspect.conversations()) {
    if (c.mergedInto) continue;
    for (const m of controls.inspect.messages(c.conversation._id ?? '')) {
      const item = m.message.content?.basic?.items?.[0];
      const text = item && 'text' in item ? item.text : undefined;
      if (m.message.direction !== 'BUSINESS_TO_PARTICIPANT' || !text?.startsWith(prefix)) continue;
      // A message in a detached conversation did arrive, in a thread the member does not see: counted, and reported.
      if (c.detached) detached += 1;
      const label = labelOf(m.message, text);
      live.set(label, (live.get(label) ?? 0) + 1);
    }
  }
  return { live, detached };
}

function seedPeople(controls: SiteControls): { targets: Person[]; all: Person[]; merging: Person } {
  const member = (name: string, email: string): Person => {
    const m = controls.seed.memberSilently({ email, firstName: name });
    return { name, email, memberId: m._id ?? '', contactId: m.contactId ?? '' };
  };
  const contact = (name: string, email: string): Person => {
    const c = controls.seed.contact({ name: { first: name }, emails: [{ email, tag: 'MAIN', primary: true }] } as Parameters<SiteControls['seed']['contact']>[0]);
    return { name, email, contactId: c._id ?? '' };
  };
  const ada = member('Ada', 'ada@example.com');
  const ben = contact('Ben', 'ben@example.com');
  const cy = contact('Cy', 'cy@example.com');
  const dee = contact('Dee', 'dee@example.com');
  // Cy signs up during the run (when the seed says so): sends to Cy by email or contact ID are then in flight.
  return { targets: [ada, ben, cy], all: [ada, ben, cy, dee], merging: cy };
}

/** The seed's own faults: 429 and 5xx answers (nothing else in this run answers with those). */
function isInjected(error: { status?: number } | undefined): boolean {
  return error?.status !== undefined && (error.status === 429 || error.status >= 500);
}

function captureConsole(lines: string[]): () => void {
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const saved = methods.map((m) => console[m]);
  for (const m of methods) {
    console[m] = (...args: unknown[]) => {
      lines.push(`${m}: ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`);
    };
  }
  return () => methods.forEach((m, i) => (console[m] = saved[i] as (typeof console)[typeof m]));
}

function errorCode(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.message : String(error);
}

/**
 * The key was given up: replaying it throws (how a dead intent answers today) or answers a status that is neither
 * delivered, skipped nor queued (how a redesign might report it).
 */
function isDead(probe: CallOutcome): boolean {
  return 'error' in probe || !['sent', 'skipped', 'queued'].includes(probe.status);
}

export function show(outcome: CallOutcome): string {
  return 'status' in outcome ? outcome.status : `error ${outcome.error}`;
}

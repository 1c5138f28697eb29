/**
 * Keys that die with their message possibly delivered, then the owner's Retry and resends (docs/decisions/0030, the
 * look-back): a chaos story in the style of limits-scenarios.ts, run for every seed beside them.
 *
 * Sends go out while Inbox answers are lost (sendMessage writes, its answer never comes) and `inbox.listMessages` fails
 * for hours, so no attempt can check the conversation and the hourly job exhausts the keys' attempts: they die, some
 * with their message in the conversation unrecorded. Meanwhile, at seeded moments, an admin presses Retry — right
 * after a death, beside the job, twice at once — from backend containers whose clocks disagree (±30 s), while the
 * clock jumps minutes. Then listMessages heals, lighter faults stay, more Retries, and some keys still dead are sent
 * again past their replay window (1 to 3 days: inside the 7 days the look-back is kept). Finally Wix is healthy, the
 * job runs until quiet, the owner presses Retry once on every key, the job runs until quiet again.
 *
 * Judged from the emulator's Inbox only: every key arrived exactly once (a Retry or resend of a key whose message did
 * arrive adds no second; a key never delivered is delivered), no Retry with Wix healthy answers `dead`, and the job
 * goes quiet. A resend is made only of a key the overview lists dead, so it is never a legitimate second delivery of
 * a key that ended `sent`.
 */
import { drainOutbox } from 'backend/inbox/drain';
import { retryAsCaller } from 'backend/inbox/owner-access';
import { outboxOverview } from 'backend/inbox/owner-panel';
import { sendToParticipant } from 'backend/inbox/send';
import { drainInboxOutbox } from 'backend/inbox-jobs';
import * as ownerWeb from 'backend/inbox-owner.web';
import { family } from 'backend/inbox-family';
import { inboxDependencies } from 'backend/wix/composition';
import type { Caller, Site, SiteControls } from 'wix-emulator';
import type { Prng } from './prng';
import { DAY, EVENT, HOUR, JOB, MINUTE, type StoryFindings } from './story-kit';

const ADMIN: Caller = { kind: 'admin', visitorId: 'visitor-admin', userId: 'owner-user-1' };

type Query = { email: string } | { contactId: string } | { memberId: string };
interface DeadKey {
  readonly key: string;
  readonly text: string;
  readonly query: Query;
}

type Deps = ReturnType<typeof inboxDependencies>;

export async function deadKeysRetriedAndResent(site: Site, controls: SiteControls, random: Prng): Promise<StoryFindings> {
  const findings: string[] = [];
  // What the story did, in order (printed by a replay with DEAD_KEYS_TRACE set).
  const trace = (line: string) => {
    if (process.env.DEAD_KEYS_TRACE) console.warn(`[${new Date(controls.clock.nowMs()).toISOString()}] ${line}`);
  };
  // Backend containers whose clocks disagree with Wix by up to ±30 s.
  const containers: Deps[] = Array.from({ length: 3 }, () => {
    const skewMs = Math.round((random.next() - 0.5) * MINUTE);
    return inboxDependencies({ clock: { now: () => new Date(controls.clock.nowMs() + skewMs), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) } });
  });
  const container = () => random.pick(containers);

  const member = controls.seed.memberSilently({ email: 'dk-ada@example.com', firstName: 'Ada' });
  const ben = controls.seed.contact({ name: { first: 'Ben' }, emails: [{ email: 'dk-ben@example.com', tag: 'MAIN', primary: true }] } as Parameters<SiteControls['seed']['contact']>[0]);
  const queries: Query[][] = [
    [{ memberId: member._id ?? '' }, { email: 'dk-ada@example.com' }],
    [{ contactId: ben._id ?? '' }, { email: 'dk-ben@example.com' }],
  ];
  const keys: DeadKey[] = Array.from({ length: random.int(3, 6) }, (_, i) => ({
    key: `dead-${i}`,
    // Sometimes two keys carry the same words to the same person: only the count tells them apart.
    text: random.chance(0.25) && i > 0 ? 'dead words 0' : `dead words ${i}`,
    query: random.pick(random.pick(queries)),
  }));
  // Keys sharing words go to the same person (the count is per person and text).
  const byText = new Map<string, Query>();
  const planned = keys.map((k) => {
    const q = byText.get(k.text) ?? k.query;
    byText.set(k.text, q);
    return { ...k, query: q };
  });

  const send = async (k: DeadKey): Promise<string> => {
    try {
      trace(`send ${k.key}`);
      const r = await site.as(EVENT, () => sendToParticipant(container(), k.query, k.text, { idempotencyKey: k.key }));
      trace(`send ${k.key} → ${r.status}${r.deduplicated ? ' (deduplicated)' : ''}`);
      return r.status;
    } catch (error) {
      trace(`send ${k.key} → error ${code(error)}`);
      return `error ${code(error)}`;
    }
  };
  const retry = async (k: DeadKey): Promise<string> => {
    trace(`retry ${k.key}`);
    const answer = await retryOnce(k);
    trace(`retry ${k.key} → ${answer}`);
    return answer;
  };
  const retryOnce = async (k: DeadKey): Promise<string> => {
    try {
      if (random.chance(0.3)) {
        const answer = (await site.as(ADMIN, () => ownerWeb.retryDeadMessage(k.key))) as { ok: true; value: { status: string; retried: boolean } } | { ok: false; error: { code: string } };
        return answer.ok ? `${answer.value.status}${answer.value.retried ? ' (retried)' : ''}` : `error ${answer.error.code}`;
      }
      const answer = await site.as(ADMIN, () => retryAsCaller(container(), k.key));
      return `${answer.status}${answer.retried ? ' (retried)' : ''}${answer.code ? ` ${answer.code}` : ''}`;
    } catch (error) {
      return `error ${code(error)}`;
    }
  };
  const job = async () => {
    trace('job');
    await (random.chance(0.5)
      ? site.as(JOB, () => drainInboxOutbox())
      : site.as(JOB, () => drainOutbox(container()))
    ).catch(() => undefined);
  };
  const deadKeys = async (): Promise<Set<string>> => {
    try {
      const overview = await site.as(ADMIN, () => outboxOverview(containers[0] as Deps, family.ownerView));
      trace(`overview: dead ${overview.dead.map((d) => d.key).join(', ') || 'none'}`);
      return new Set(overview.dead.map((d) => d.key));
    } catch {
      return new Set();
    }
  };
  // One seeded moment of owner activity: Retry on some dead keys, right after death, beside the job, twice at once.
  const ownerMoment = async () => {
    const dead = await deadKeys();
    const actions: Promise<unknown>[] = [];
    for (const k of planned) {
      if (!dead.has(k.key) && !random.chance(0.05)) continue;
      if (!random.chance(0.6)) continue;
      const twice = random.chance(0.3);
      actions.push(retry(k));
      if (twice) actions.push(retry(k));
    }
    if (random.chance(0.4)) actions.push(job());
    await Promise.all(actions);
  };

  // The outage: answers of sendMessage lost (the message lands), sometimes refused, listMessages failing throughout.
  controls.faults.inject('inbox.sendMessage', { responseLost: true, probability: 0.4 + random.next() * 0.5 });
  if (random.chance(0.5)) controls.faults.inject('inbox.sendMessage', { status: 503, probability: 0.2 });
  controls.faults.inject('inbox.listMessages', { status: 503, probability: 1 });
  if (random.chance(0.5)) controls.faults.inject(random.pick(['data.insert', 'data.update', 'data.save', 'data.query']), random.chance(0.5) ? { status: 503, probability: 0.1 } : { responseLost: true, probability: 0.1 });

  // A careful caller: a call that failed without an answer is made again (up to three times).
  const acknowledged = new Set<string>();
  await Promise.all(planned.map(async (k) => {
    await new Promise((resolve) => setTimeout(resolve, random.int(0, 3000)));
    for (let i = 0; i < 3 && !acknowledged.has(k.key); i += 1) if (!(await send(k)).startsWith('error')) acknowledged.add(k.key);
  }));

  // Hours of outage: the job exhausts the attempts; the owner acts at seeded moments, the clock jumps.
  const outageHours = random.int(13, 20);
  for (let hour = 0; hour < outageHours; hour += 1) {
    controls.clock.advance(HOUR - random.int(0, 5) * MINUTE);
    await Promise.all([job(), random.chance(0.3) ? ownerMoment() : Promise.resolve()]);
    if (random.chance(0.3)) await ownerMoment();
    if (random.chance(0.2)) controls.clock.advance(random.int(1, 5) * MINUTE);
  }

  // listMessages heals; lighter trouble stays. More Retries beside the job.
  controls.faults.clear();
  lightFaults(controls, random);
  for (let hour = random.int(0, 4); hour > 0; hour -= 1) {
    controls.clock.advance(HOUR);
    await Promise.all([job(), random.chance(0.5) ? ownerMoment() : Promise.resolve()]);
  }

  // Past the replay window (inside the look-back's 7 days): keys still dead are sent again, some beside a Retry.
  if (random.chance(0.7)) {
    controls.clock.advance(random.int(1, 3) * DAY + random.int(1, 60) * MINUTE);
    const dead = await deadKeys();
    await Promise.all(planned.filter((k) => dead.has(k.key) && random.chance(0.7)).flatMap((k) => {
      const resend = async () => void (!(await send(k)).startsWith('error') && acknowledged.add(k.key));
      const calls: Promise<unknown>[] = [resend()];
      if (random.chance(0.3)) calls.push(resend());
      if (random.chance(0.3)) calls.push(retry(k));
      return calls;
    }).concat(random.chance(0.5) ? [job()] : []));
  }

  // Wix healthy: the job until quiet, the owner's Retry on every key, the job until quiet again.
  controls.faults.clear();
  const quietFirst = await untilQuiet(site, controls);
  const answers = new Map<string, string>();
  for (const k of planned) answers.set(k.key, await retry(k));
  const quiet = await untilQuiet(site, controls);

  let duplicates = 0;
  let lost = 0;
  for (const text of new Set(planned.map((k) => k.text))) {
    const group = planned.filter((k) => k.text === text);
    const arrived = countArrived(site, text);
    if (arrived > group.length) {
      duplicates += arrived - group.length;
      findings.push(`duplicate: ${group.map((k) => k.key).join(', ')} ("${text}") arrived ${arrived} times`);
    } else if (arrived < group.filter((k) => acknowledged.has(k.key)).length) {
      lost += group.length - arrived;
      findings.push(`lost: ${group.map((k) => k.key).join(', ')} ("${text}") arrived ${arrived} times`);
    }
  }
  for (const [key, answer] of answers) {
    if (!acknowledged.has(key) && answer === 'error INVALID_INPUT') continue; // never stored: nothing to retry
    if (answer.startsWith('dead') || answer.startsWith('error') || answer.startsWith('queued')) {
      lost += 1;
      findings.push(`the owner's Retry of ${key} with Wix healthy and the job quiet answered ${answer}`);
    }
  }
  if (!quietFirst || !quiet) {
    lost += 1;
    findings.push('unsettled: the job still had work after 20 hourly runs');
  }
  if (process.env.DEAD_KEYS_CLASSIFY && duplicates > 0) {
    const blind = controls.inspect.collection('InboxDeliveries').filter((r) => r.kind === 'attempt' && Number(r.round) > 0 && r.attempt === 1 && !r.lookBack).map((r) => String(r._id));
    findings.push(`(diagnosis) later rounds claimed without a look-back: ${blind.join(', ') || 'none'}`);
  }
  if (process.env.DEAD_KEYS_TRACE && duplicates > 0) {
    for (const e of controls.journal.entries((x) => x.operation === 'inbox.sendMessage' || x.operation === 'inbox.listMessages')) {
      const text = e.operation === 'inbox.sendMessage' ? JSON.stringify(e.args[1]).slice(0, 80) : '';
      trace(`journal ${e.at} ${e.operation} ${e.outcome} ${e.error ? JSON.stringify(e.error).slice(0, 60) : ''} ${text}`);
    }
    for (const name of ['InboxDeliveries', 'InboxOutbox']) for (const item of controls.inspect.collection(name)) trace(`${name} ${JSON.stringify(item)}`);
  }
  return { duplicates, lost, overLimit: 0, findings };
}

function lightFaults(controls: SiteControls, random: Prng): void {
  for (let i = random.int(0, 3); i > 0; i -= 1) {
    const operation = random.pick(['inbox.sendMessage', 'inbox.listMessages', 'inbox.getOrCreateConversation', 'data.insert', 'data.update', 'data.query']);
    const probability = 0.05 + random.next() * 0.2;
    const kind = random.int(0, 2);
    controls.faults.inject(operation, kind === 0 ? { status: 503, probability, times: 2 } : kind === 1 ? { status: 429, probability, times: 2 } : { responseLost: true, probability, times: 2 });
  }
}

/** Hourly job runs until two in a row call neither Inbox nor the contacts or members; false when it never went quiet. */
async function untilQuiet(site: Site, controls: SiteControls): Promise<boolean> {
  let quiet = 0;
  for (let run = 0; run < 20 && quiet < 2; run += 1) {
    controls.clock.advance(HOUR);
    const before = controls.journal.entries().length;
    await site.as(JOB, () => drainInboxOutbox()).catch(() => undefined);
    quiet = controls.journal.entries().slice(before).some((e) => /^(inbox|contacts|members)\./.test(e.operation)) ? 0 : quiet + 1;
  }
  return quiet >= 2;
}

function countArrived(site: Site, text: string): number {
  let n = 0;
  for (const c of site.inbox.listConversations()) {
    if (c.mergedInto) continue;
    n += site.inbox.messagesOf(c.conversation._id ?? '').filter((m) => m.message.direction === 'BUSINESS_TO_PARTICIPANT' && m.message.content?.basic?.items?.[0]?.text === text).length;
  }
  return n;
}

function code(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.message : String(error);
}

import { beforeEach, describe, expect, it } from '@jest/globals';
import { sendAsCaller, type AccessDependencies } from 'backend/inbox/access';
import { drainOutbox } from 'backend/inbox/drain';
import { retryDeadMessage } from 'backend/inbox/retry-dead';
import { DEFAULT_VISITOR_LIMITS } from 'backend/inbox/visitor-limits';
import { OUTBOX_COLLECTION, RATE_LIMITS_COLLECTION } from 'backend/wix/collections';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

// The person's own limit slot is taken beside the acknowledgement's intent insert (decision 0025): the intent may be
// stored before that limit allowed it. It is stored gated on the slot, and nothing is sent unless the slot is held.
let site: Site;
let contactId: string;
beforeEach(() => {
  site = startSiteWithCode();
  site.clock.set(new Date('2030-07-01T09:00:00Z'));
  // One person known by two emails: each email has its own limit, the person one more.
  contactId = seedContact(site, { emails: ['kim@example.com', 'kim.work@example.com'] });
});

const DAY = 24 * 60 * 60 * 1000;
/** The site's backend with one acknowledgement a day per person. */
const onePerPerson = (): AccessDependencies => ({ ...siteDependencies(site), visitorLimits: { ...DEFAULT_VISITOR_LIMITS, perRecipient: { count: 1, windowMs: DAY } } });
const acknowledge = (deps: AccessDependencies, visitorId: string, email: string) =>
  site.as(callers.visitor(visitorId), () =>
    sendAsCaller(deps, { email }, { template: 'form-received', vars: {} }, undefined).then(
      (result) => result.status,
      (error: { code?: string }) => error.code ?? 'error',
    ),
  );
const messages = () => site.journal.count('inbox.sendMessage', 'ok');
const runJob = () => site.as(callers.job(), () => drainOutbox(siteDependencies(site)));
const liveSlots = (key: string) => (site.data.inspectCollection(RATE_LIMITS_COLLECTION) as { key: string; released?: boolean }[]).filter((r) => r.key === key && !r.released).length;
const intents = () => site.data.inspectCollection(OUTBOX_COLLECTION) as { _id: string; status: string; lastError?: { code: string } }[];

describe("a visitor's acknowledgement gated on the person's own limit slot", () => {
  it('sends one of two acknowledgements racing for the last slot of one person, refuses the other, and the job sends nothing more', async () => {
    const deps = onePerPerson();
    const outcomes = await Promise.all([acknowledge(deps, 'v-a', 'kim@example.com'), acknowledge(deps, 'v-b', 'kim.work@example.com')]);
    expect([...outcomes].sort()).toEqual(['RATE_LIMITED', 'sent']);
    // Both stored their intent before their slot answered: the refused one ended dead, having sent nothing.
    expect(intents().map((i) => i.status).sort()).toEqual(['dead', 'sent']);
    expect(messages()).toBe(1);
    site.clock.advance(2 * 60 * 60 * 1000);
    await runJob();
    expect(messages()).toBe(1);
    expect(liveSlots(`recipient:contact:${contactId}`)).toBe(1);
    // The refused call gave back what it had taken: its visitor's slot no longer counts.
    const refused = outcomes[0] === 'RATE_LIMITED' ? 'v-a' : 'v-b';
    expect(liveSlots(`visitor:${refused}`)).toBe(0);
  });

  it('is sent when the owner retries it after its limit refused it: an admin is not limited', async () => {
    const deps = onePerPerson();
    await Promise.all([acknowledge(deps, 'v-a', 'kim@example.com'), acknowledge(deps, 'v-b', 'kim.work@example.com')]);
    const refused = intents().find((i) => i.status === 'dead');
    if (!refused) throw new Error('neither acknowledgement was refused');
    await expect(site.as(callers.admin(), () => retryDeadMessage(siteDependencies(site), refused._id))).resolves.toMatchObject({ retried: true, status: 'sent' });
    expect(messages()).toBe(2);
  });

  // Changed with the fix of tests/regressions/13-visitor-acknowledgement-whose-slot-insert-failed-is-not-lost: a slot
  // not held was never taken (a take that failed wrote nothing, or was never made), which is not a refusal. The job now
  // takes it itself, under the intent's owner and the limit the intent records, and sends once; only a refused take
  // ends the acknowledgement dead (next test). Before, the job ended it dead whenever the call's own take had not landed.
  /** Stops the call for good at its person's slot insert; meanwhile `during` runs, then the job past the call's lease. */
  const stallAtThePersonsSlot = (during: () => Promise<void> = async () => undefined): Promise<void> =>
    new Promise<void>((jobDone) => {
      let stalled = false;
      site.faults.interleave('data.insert', async (args) => {
        if (stalled || args[0] !== RATE_LIMITS_COLLECTION || !String((args[1] as { key?: string }).key).startsWith('recipient:contact:')) return;
        stalled = true;
        for (let i = 0; i < 1000 && intents().length === 0; i += 1) await new Promise((resolve) => setImmediate(resolve));
        await during();
        site.clock.advance(2 * 60 * 1000);
        await runJob();
        jobDone();
        await new Promise(() => undefined);
      }, Number.POSITIVE_INFINITY);
    });

  it('is sent once by the job, under a slot the job takes, when its call stopped before its slot was taken', async () => {
    const jobRan = stallAtThePersonsSlot();
    void acknowledge(siteDependencies(site), 'v-a', 'kim@example.com');
    await jobRan;
    site.faults.clear();
    // Later runs, once nobody can still be sending, send it once.
    site.clock.advance(2 * 60 * 60 * 1000);
    await runJob();
    site.clock.advance(2 * 60 * 60 * 1000);
    await runJob();
    expect(messages()).toBe(1);
    expect(intents()).toEqual([expect.objectContaining({ status: 'sent' })]);
    // The person's limit counts it: the job's take, under the intent's owner (the call's own insert never landed).
    expect(liveSlots(`recipient:contact:${contactId}`)).toBe(1);
  });

  it('is never sent when its call stopped before its slot was taken and the person\'s limit filled meanwhile', async () => {
    // One a day for this person (the limit the intent records, not the job's own settings): another acknowledgement
    // takes the last slot while the call is stopped.
    const deps = onePerPerson();
    const jobRan = stallAtThePersonsSlot(async () => {
      await expect(acknowledge(deps, 'v-b', 'kim.work@example.com')).resolves.toBe('sent');
    });
    void acknowledge(deps, 'v-a', 'kim@example.com');
    await jobRan;
    site.faults.clear();
    site.clock.advance(2 * 60 * 60 * 1000);
    await runJob();
    expect(messages()).toBe(1);
    expect(intents().map((i) => [i.status, i.lastError?.code])).toEqual(expect.arrayContaining([['sent', undefined], ['dead', 'RATE_LIMITED']]));
    expect(liveSlots(`recipient:contact:${contactId}`)).toBe(1);
  });

  it('is sent by the job when its call stopped after its slot was taken', async () => {
    let jobDone!: () => void;
    const jobRan = new Promise<void>((resolve) => (jobDone = resolve));
    site.faults.interleave('inbox.sendMessage', async () => {
      site.faults.clear();
      site.clock.advance(2 * 60 * 1000);
      await runJob();
      jobDone();
      await new Promise(() => undefined);
    });
    void acknowledge(siteDependencies(site), 'v-a', 'kim@example.com');
    await jobRan;
    // The first run waits while the stopped call might still send; a later one sends.
    site.clock.advance(2 * 60 * 60 * 1000);
    await runJob();
    expect(messages()).toBe(1);
    expect(intents()).toEqual([expect.objectContaining({ status: 'sent' })]);
  });
});

it("sends a later round read from a row that still carries round 0's gate: that round is not the visitor's call", async () => {
  // The person's one slot of the day is spent on a first acknowledgement; its row is then made round 1 and pending, as
  // a stale round-0 row under an admin's retry leaves it, still gated on a slot of another owner that is not held.
  await expect(acknowledge(onePerPerson(), 'v-a', 'kim@example.com')).resolves.toBe('sent');
  const [row] = site.data.inspectCollection(OUTBOX_COLLECTION) as (Record<string, unknown> & { gate: Record<string, unknown> })[];
  if (!row?.gate) throw new Error('the acknowledgement was stored without its gate');
  const { result: _sent, completedAt: _at, ...unfinished } = row;
  const roundOne = { ...unfinished, status: 'pending', round: 1, attempts: 0, nextAttemptAt: new Date(site.clock.now()), gate: { ...row.gate, owner: 'another-owner' } };
  await site.as(callers.job(), () => site.data.update(OUTBOX_COLLECTION, roundOne, { suppressAuth: true }));
  site.clock.advance(60 * 60 * 1000);
  await runJob();
  expect(messages()).toBe(2);
  expect(intents()).toEqual([expect.objectContaining({ status: 'sent' })]);
});

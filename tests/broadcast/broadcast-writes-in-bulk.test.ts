import { describe, expect, it } from '@jest/globals';
import { sendToMany, startBroadcast, type BroadcastResult } from 'backend/inbox/broadcast';
import { broadcastStatus } from 'backend/inbox/broadcast-status';
import type { DeliveryDependencies } from 'backend/inbox/delivery';
import { drainOutbox } from 'backend/inbox/drain';
import type { DeliveryLog, OutboxStore } from 'backend/inbox/ports';
import { DELIVERIES_COLLECTION } from 'backend/wix/collections';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';
import { byEmail, drainUntilQuiet, seedCrowd, tally, type Person } from './broadcast-fixture';

const TEXT = 'Doors open at nine';
const LEASE_MS = 60_000;

/**
 * A broadcast's sent results wait in a batch and are written together (docs/decisions/0027-broadcast-writes-in-bulk.md):
 * between the send and that write, each claim stands without a result. Each race below happens in that gap.
 */

/**
 * The site's dependencies, with `before` run once just ahead of the batch's bulk writes of results and rows (the gap's
 * last moment): neither is written until it is over.
 */
function beforeResultsAreWritten(site: Site, before: () => Promise<void>): DeliveryDependencies {
  const deps = siteDependencies(site);
  let ahead: Promise<void> | undefined;
  const once = () => (ahead ??= before());
  const deliveries: DeliveryLog = {
    ...deps.deliveries,
    insertMany: async (records) => {
      // The first attempts' claims are bulk inserts too (decision 0028): only the results' insert closes the gap.
      if (records.some((r) => r.kind === 'result')) await once();
      return deps.deliveries.insertMany(records);
    },
  };
  const outbox: OutboxStore = {
    ...deps.outbox,
    saveMany: async (intents) => {
      await once();
      return deps.outbox.saveMany(intents);
    },
  };
  return { ...deps, deliveries, outbox };
}

function start(site: Site, deps: DeliveryDependencies, people: readonly Person[], id = 'opening'): Promise<BroadcastResult> {
  return site.as(callers.eventHandler(), () => sendToMany(deps, byEmail(people), TEXT, { idempotencyKey: id, budgetMs: 5_000 }));
}

async function expectEachPersonOnce(site: Site, people: readonly Person[], id = 'opening'): Promise<void> {
  expect(tally(site, people, TEXT)).toEqual({ once: people.length, messages: people.length, twice: 0 });
  await expect(site.as(callers.job(), () => broadcastStatus(siteDependencies(site), id))).resolves.toMatchObject({ sent: people.length, pending: 0, total: people.length });
}

describe('a broadcast whose results wait to be written in bulk', () => {
  it('started a second time in the gap, the second start finds every person claimed and sends nobody anything', async () => {
    const site = startSiteWithCode();
    const people = seedCrowd(site, 6, { memberEvery: 3 });
    let second: Promise<BroadcastResult> | undefined;
    const deps = beforeResultsAreWritten(site, async () => {
      second = start(site, siteDependencies(site), people);
      await second;
    });
    const first = await start(site, deps, people);
    expect(first.delivery).toMatchObject({ sent: 6, contended: 0 });
    await expect(second).resolves.toMatchObject({ created: 0, delivery: { sent: 0, contended: 6 } });
    await expectEachPersonOnce(site, people);
  });

  it('with the job running in the gap while the claims are live, the job leaves every person to the broadcast', async () => {
    const site = startSiteWithCode();
    const people = seedCrowd(site, 6, { memberEvery: 3 });
    let job: Awaited<ReturnType<typeof drainOutbox>> | undefined;
    const deps = beforeResultsAreWritten(site, async () => {
      // Past the broadcast's budget (its intents are due), within the claims' lease.
      site.clock.advance(10_000);
      job = await site.as(callers.job(), () => drainOutbox(siteDependencies(site, 11)));
    });
    const first = await start(site, deps, people);
    expect(job).toMatchObject({ taken: 6, contended: 6 });
    expect(first.delivery).toMatchObject({ sent: 6 });
    await expectEachPersonOnce(site, people);
    await drainUntilQuiet(site);
    expect(tally(site, people, TEXT)).toEqual({ once: 6, messages: 6, twice: 0 });
  });

  it('with the job fencing the claims in the gap after their lease ran out, the job adopts each message and the batch records none: one message each', async () => {
    const site = startSiteWithCode();
    const people = seedCrowd(site, 6, { memberEvery: 3 });
    const deps = beforeResultsAreWritten(site, async () => {
      site.clock.advance(2 * LEASE_MS);
      await site.as(callers.job(), () => drainOutbox(siteDependencies(site, 11)));
    });
    const first = await start(site, deps, people);
    // Every result insert of the batch found the job's `fenced` result there: that insert alone failed.
    expect(first.delivery).toMatchObject({ sent: 0, contended: 6 });
    await expectEachPersonOnce(site, people);
    await drainUntilQuiet(site);
    expect(tally(site, people, TEXT)).toEqual({ once: 6, messages: 6, twice: 0 });
  });

  it('fenced for one person only, the batch records the others and that person still gets one message', async () => {
    const site = startSiteWithCode();
    const people = seedCrowd(site, 6, { memberEvery: 3 });
    const deps = beforeResultsAreWritten(site, async () => {
      // Another worker's `fenced` result for one person's first attempt, inserted just ahead of the batch.
      const [intent] = await siteDependencies(site).outbox.ofBroadcast('opening');
      if (!intent) throw new Error('no intent to fence');
      await siteDependencies(site).deliveries.insert({ id: `result:${intent.key}:0:1`, kind: 'result', intentKey: intent.key, round: 0, attempt: 1, at: site.clock.now(), status: 'fenced' });
    });
    const first = await start(site, deps, people);
    expect(first.delivery).toMatchObject({ sent: 5, contended: 1 });
    await drainUntilQuiet(site);
    await expectEachPersonOnce(site, people);
  });

  it('when the worker dies in the gap, the job fences its claims once their lease is over and adopts the messages: nobody gets a second', async () => {
    const site = startSiteWithCode();
    const people = seedCrowd(site, 6, { memberEvery: 3 });
    let reached!: () => void;
    const gap = new Promise<void>((resolve) => (reached = resolve));
    // The container stops: the bulk writes never happen and never answer.
    const deps = beforeResultsAreWritten(site, () => {
      reached();
      return new Promise<never>(() => undefined);
    });
    const started = await site.as(callers.eventHandler(), () => startBroadcast(deps, byEmail(people), TEXT, { idempotencyKey: 'opening', budgetMs: 5_000 }));
    expect(started.created).toBe(6);
    await gap;
    expect(tally(site, people, TEXT)).toEqual({ once: 6, messages: 6, twice: 0 });
    await drainUntilQuiet(site);
    await expectEachPersonOnce(site, people);
  });

  it('when the answer to the bulk result insert is lost, each attempt finds its own result and counts as sent, with no message again', async () => {
    const site = startSiteWithCode();
    const people = seedCrowd(site, 6, { memberEvery: 3 });
    failNextBulkOn(site, 'data.bulkInsert', DELIVERIES_COLLECTION, { responseLost: true });
    const first = await start(site, siteDependencies(site), people);
    expect(first.delivery).toMatchObject({ sent: 6 });
    expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(6);
    await expectEachPersonOnce(site, people);
  });

  it('when the bulk result insert fails whole, each attempt is recorded as may-have-sent and the next one adopts its message', async () => {
    const site = startSiteWithCode();
    const people = seedCrowd(site, 6, { memberEvery: 3 });
    failNextBulkOn(site, 'data.bulkInsert', DELIVERIES_COLLECTION, { status: 503 });
    const first = await start(site, siteDependencies(site), people);
    await drainUntilQuiet(site);
    expect(first.delivery.sent + first.delivery.left).toBe(6);
    expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(6);
    await expectEachPersonOnce(site, people);
  });

  it('when the bulk row update fails, the results still decide and each row is written again on its own, as a single send does: the job finds nothing', async () => {
    const site = startSiteWithCode();
    const people = seedCrowd(site, 6, { memberEvery: 3 });
    failNextBulkOn(site, 'data.bulkUpdate', 'InboxOutbox', { status: 503 });
    site.journal.clear();
    const first = await start(site, siteDependencies(site), people);
    expect(first.delivery).toMatchObject({ sent: 6 });
    site.clock.advance(60 * 60 * 1000);
    const job = await site.as(callers.job(), () => drainOutbox(siteDependencies(site, 11)));
    expect(site.journal.count('data.bulkUpdate', 'error')).toBe(1);
    expect(site.journal.count('data.update', 'ok')).toBe(6);
    expect(job).toMatchObject({ taken: 0, refreshed: 0 });
    await expectEachPersonOnce(site, people);
  });

  it('when contacts sign up in the gap and the job fences the claims after their lease, each message is adopted where it went: one message each', async () => {
    const site = startSiteWithCode();
    const people = seedCrowd(site, 6);
    const deps = beforeResultsAreWritten(site, async () => {
      for (const person of people.slice(0, 3)) site.members.register({ email: person.email });
      site.clock.advance(2 * LEASE_MS);
      await site.as(callers.job(), () => drainOutbox(siteDependencies(site, 11)));
    });
    await start(site, deps, people);
    await drainUntilQuiet(site);
    expect(tally(site, people, TEXT)).toEqual({ once: 6, messages: 6, twice: 0 });
  });

  it('when the job fences the claims after their lease and the batch row update that follows loses its answer, every row still ends sent', async () => {
    const site = startSiteWithCode();
    const people = seedCrowd(site, 5, { memberEvery: 2 });
    const deps = beforeResultsAreWritten(site, async () => {
      site.clock.advance(2 * LEASE_MS);
      await site.as(callers.job(), () => drainOutbox(siteDependencies(site, 11)));
    });
    failNextBulkOn(site, 'data.bulkUpdate', 'InboxOutbox', { responseLost: true });
    await start(site, deps, people);
    await drainUntilQuiet(site);
    await expectEachPersonOnce(site, people);
    const rows = await site.as(callers.job(), () => siteDependencies(site).outbox.ofBroadcast('opening'));
    expect(rows.map((row) => row.status)).toEqual(rows.map(() => 'sent'));
  });

  it('when a job whose clock runs two minutes ahead lists the intents in the gap, it leaves every live claim alone: one message each', async () => {
    const site = startSiteWithCode();
    const people = seedCrowd(site, 8, { memberEvery: 3 });
    const deps = beforeResultsAreWritten(site, async () => {
      const job = siteDependencies(site, 11);
      const ahead = { ...job.clock, now: () => new Date(site.clock.now().getTime() + 2 * LEASE_MS) };
      await site.as(callers.job(), () => drainOutbox({ ...job, clock: ahead }));
    });
    await start(site, deps, people);
    await drainUntilQuiet(site);
    expect(tally(site, people, TEXT)).toEqual({ once: 8, messages: 8, twice: 0 });
  });
});

/**
 * The next bulk call of `operation` on `collection` fails with `fault` (other calls, e.g. the intents' insert, pass). On
 * the delivery records, the next bulk insert of results: the claims' bulk inserts pass too.
 */
function failNextBulkOn(site: Site, operation: 'data.bulkInsert' | 'data.bulkUpdate', collection: string, fault: { status?: number; responseLost?: boolean }): void {
  let done = false;
  const ofResults = (items: unknown) => Array.isArray(items) && items.some((item) => (item as { kind?: unknown }).kind === 'result');
  site.faults.interleave(
    operation,
    (args) => {
      if (done || args[0] !== collection || (collection === DELIVERIES_COLLECTION && !ofResults(args[1]))) return;
      done = true;
      site.faults.inject(operation, { ...fault, times: 1 });
    },
    Number.POSITIVE_INFINITY,
  );
}

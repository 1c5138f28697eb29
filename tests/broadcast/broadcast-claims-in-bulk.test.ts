import { describe, expect, it } from '@jest/globals';
import { sendToMany, type BroadcastResult } from 'backend/inbox/broadcast';
import { broadcastStatus } from 'backend/inbox/broadcast-status';
import type { DeliveryDependencies } from 'backend/inbox/delivery';
import type { AttemptResult, DeliveryLog, DeliveryRecord } from 'backend/inbox/ports';
import { DELIVERIES_COLLECTION } from 'backend/wix/collections';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { rateLimitSends } from '../support/send-rate-limit';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';
import { byEmail, drainUntilQuiet, HOUR, seedCrowd, tally, type Person } from './broadcast-fixture';

const TEXT = 'Doors open at nine';

/**
 * A broadcast claims its people's first attempts in bulk, one insert per round of workers, just ahead of the workers
 * that send on them (docs/decisions/0028-first-attempts-claimed-in-bulk.md). Each claim is still its own "first
 * writer wins" insert; these are the ways a bulk claim can go wrong.
 */

const isClaims = (records: readonly DeliveryRecord[]) => records.length > 0 && records.every((r) => r.kind === 'attempt');

/** The site's dependencies, with `around` run on each bulk insert of claims (its number, from 1) instead of the plain call. */
function aroundClaims(site: Site, around: (n: number, insert: () => ReturnType<DeliveryLog['insertMany']>) => ReturnType<DeliveryLog['insertMany']>): DeliveryDependencies {
  const deps = siteDependencies(site);
  let n = 0;
  const deliveries: DeliveryLog = {
    ...deps.deliveries,
    insertMany: (records) => {
      if (!isClaims(records)) return deps.deliveries.insertMany(records);
      n += 1;
      return around(n, () => deps.deliveries.insertMany(records));
    },
  };
  return { ...deps, deliveries };
}

function start(site: Site, deps: DeliveryDependencies, people: readonly Person[], options: { budgetMs?: number; max?: number } = {}): Promise<BroadcastResult> {
  return site.as(callers.eventHandler(), () =>
    sendToMany(deps, byEmail(people), TEXT, { idempotencyKey: 'opening', budgetMs: options.budgetMs ?? 5_000, ...(options.max ? { concurrency: { max: options.max, initial: options.max } } : {}) }),
  );
}

async function firstAttempts(site: Site, people: readonly Person[]): Promise<AttemptResult[]> {
  const rows = await site.as(callers.job(), () => siteDependencies(site).outbox.ofBroadcast('opening'));
  expect(rows).toHaveLength(people.length);
  const records = await site.as(callers.job(), () => siteDependencies(site).deliveries.ofIntents(rows.map((row) => row.key)));
  return records.filter((r): r is AttemptResult => r.kind === 'result' && r.round === 0 && r.attempt === 1);
}

async function expectEachPersonOnce(site: Site, people: readonly Person[]): Promise<void> {
  expect(tally(site, people, TEXT)).toEqual({ once: people.length, messages: people.length, twice: 0 });
  await expect(site.as(callers.job(), () => broadcastStatus(siteDependencies(site), 'opening'))).resolves.toMatchObject({ sent: people.length, pending: 0, total: people.length });
}

describe("a broadcast's first attempts claimed in bulk", () => {
  it('claims a person for every worker at the start, sends each on its claim and looks for nobody\'s message first', async () => {
    const site = startSiteWithCode();
    const people = seedCrowd(site, 10, { memberEvery: 3 });
    site.journal.clear();
    const result = await start(site, siteDependencies(site), people, { max: 4 });
    expect(result.delivery).toMatchObject({ sent: 10, contended: 0, left: 0 });
    const claims = site.journal.entries().filter((e) => e.operation === 'data.bulkInsert' && e.args[0] === DELIVERIES_COLLECTION && isClaims(e.args[1] as DeliveryRecord[]));
    const sizes = claims.map((e) => (e.args[1] as unknown[]).length);
    expect(sizes[0]).toBe(4);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(10);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(4);
    expect(site.journal.count('data.insert')).toBe(1);
    expect(site.journal.count('inbox.listMessages')).toBe(0);
    expect((await firstAttempts(site, people)).map((r) => r.status)).toEqual(people.map(() => 'sent'));
    await expectEachPersonOnce(site, people);
  });

  // Found by review: a claim per worker went stale at 2 or 3 sends a second (its round took longer than a quarter of the
  // lease to reach) and a message then cost more calls than with one claim each. The bounds are the code before bulk
  // claims on the same runs (journalled Wix calls a message); 1 a second was not measured then.
  it.each([
    [10, 4.39],
    [3, 5.71],
    [2, 5.42],
    [1, Number.POSITIVE_INFINITY],
  ])('under a rate limit of %i sends a second, every first attempt is sent on its claim and a message costs fewer calls than one claim each (%f)', async (perSecond, before) => {
    const site = startSiteWithCode();
    const people = seedCrowd(site, 200, { memberEvery: 5 });
    rateLimitSends(site, perSecond, { retryAfterSeconds: 1 });
    site.kernel.latencyMs = 100;
    site.journal.clear();
    const result = await start(site, siteDependencies(site), people, { budgetMs: 600_000 });
    site.kernel.latencyMs = 0;
    const calls = site.journal.entries().length;
    expect(result.delivery).toMatchObject({ sent: 200, left: 0 });
    // Ended unsent: `failed`, nothing may have been sent, and no error from Wix (a 429's failure carries its error).
    expect((await firstAttempts(site, people)).filter((r) => r.status === 'failed' && r.maySent === false && r.error === undefined)).toEqual([]);
    expect(calls / 200).toBeLessThanOrEqual(before);
    await expectEachPersonOnce(site, people);
  }, 60_000);

  it('started twice at once, the two starts share the people between their claims and each person gets one message', async () => {
    const site = startSiteWithCode();
    const people = seedCrowd(site, 12, { memberEvery: 3 });
    const [a, b] = await Promise.all([start(site, siteDependencies(site, 1), people, { max: 3 }), start(site, siteDependencies(site, 2), people, { max: 5 })]);
    expect(a.delivery.sent + b.delivery.sent).toBe(12);
    expect(a.delivery.contended + b.delivery.contended).toBe(12);
    await drainUntilQuiet(site);
    await expectEachPersonOnce(site, people);
  });

  it.each([
    ['fails whole', { status: 503 }, 0],
    ['loses its answer (the claims stand)', { responseLost: true }, 1],
  ] as const)('when the bulk claim %s, its people are left to the job, which sends each once', async (_how, fault, looked) => {
    const site = startSiteWithCode();
    const people = seedCrowd(site, 6, { memberEvery: 3 });
    failNextClaims(site, fault);
    const result = await start(site, siteDependencies(site), people);
    expect(result.delivery).toMatchObject({ sent: 0, left: 6 });
    expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(0);
    site.journal.clear();
    await drainUntilQuiet(site);
    await expectEachPersonOnce(site, people);
    // Claims that stand unanswered may have sent as far as the job knows: it fences them and looks before sending.
    expect(site.journal.count('inbox.listMessages') > 0 ? 1 : 0).toBe(looked);
  });

  it('a claim whose answer came back after a quarter of the lease is not sent on: ended unsent, the next attempt sends, nothing to look for', async () => {
    const site = startSiteWithCode();
    const people = seedCrowd(site, 6, { memberEvery: 3 });
    // The bulk claim takes 20 s to answer (a quarter of the 60 s lease is 15 s).
    const deps = aroundClaims(site, async (_n, insert) => {
      const answers = await insert();
      site.clock.advance(20_000);
      return answers;
    });
    const result = await start(site, deps, people, { budgetMs: 60_000 });
    expect(result.delivery).toMatchObject({ sent: 6, contended: 0, left: 0 });
    const first = await firstAttempts(site, people);
    expect(first.map((r) => [r.status, r.maySent])).toEqual(people.map(() => ['failed', false]));
    expect(site.journal.count('inbox.listMessages')).toBe(0);
    await expectEachPersonOnce(site, people);
  });

  it('people claimed but not reached before the budget ran out are ended unsent, and the job sends each once without looking first', async () => {
    const site = startSiteWithCode();
    const people = seedCrowd(site, 8, { memberEvery: 3 });
    // Two workers, every call 100 ms: the claims take people 1–2 (the start), 3, then 4 and 5–6, each made when the
    // last person claimed is taken. The claim of 5–6 answers after the budget is over, so no worker starts them: they
    // are claimed and never reached; 7 and 8 are never claimed.
    const deps = aroundClaims(site, async (n, insert) => {
      const answers = await insert();
      if (n === 4) site.clock.advance(20_000);
      return answers;
    });
    site.kernel.latencyMs = 100;
    const result = await start(site, deps, people, { budgetMs: 5_000, max: 2 });
    site.kernel.latencyMs = 0;
    expect(result.delivery).toMatchObject({ sent: 4, left: 4 });
    const first = await firstAttempts(site, people);
    expect(first.filter((r) => r.status === 'failed' && r.maySent === false)).toHaveLength(2);
    site.journal.clear();
    site.clock.advance(HOUR);
    await drainUntilQuiet(site);
    expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(4);
    expect(site.journal.count('inbox.listMessages')).toBe(0);
    await expectEachPersonOnce(site, people);
  });
});

/** The next bulk insert of claims fails with `fault` (other bulk inserts pass). */
function failNextClaims(site: Site, fault: { status?: number; responseLost?: boolean }): void {
  let done = false;
  site.faults.interleave(
    'data.bulkInsert',
    (args) => {
      if (done || args[0] !== DELIVERIES_COLLECTION || !isClaims(args[1] as DeliveryRecord[])) return;
      done = true;
      site.faults.inject('data.bulkInsert', { ...fault, times: 1 });
    },
    Number.POSITIVE_INFINITY,
  );
}

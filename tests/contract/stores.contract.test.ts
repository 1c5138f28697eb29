import { expect, it } from '@jest/globals';
import type { Intent } from 'backend/inbox/intent';
import { DELIVERIES_COLLECTION } from 'backend/wix/collections';
import { isDuplicateItem, isNotFound } from 'backend/wix/translate-error';
import { contractSuite } from './contract-suite';

const at = new Date('2030-01-01T10:00:00Z');

function intent(key: string, email: string): Intent {
  return {
    key,
    fingerprint: `fp-${key}`,
    signature: 'basic:contract',
    token: `token-${key}`,
    query: { email },
    content: { basic: { items: [{ text: 'hello' }] } },
    direction: 'BUSINESS_TO_PARTICIPANT',
    visibility: 'BUSINESS_AND_PARTICIPANT',
    sendNotifications: false,
    status: 'pending',
    attempts: 0,
    round: 0,
    createdAt: at,
    updatedAt: at,
    nextAttemptAt: at,
  };
}

contractSuite('wix-data stores (OutboxStore, DeliveryLog, items)', (world) => {
  it('two inserts of one _id: exactly one succeeds, the other is classified as a duplicate', async () => {
    const w = world();
    const id = w.unique('fww');
    const outcomes = await w.run(() =>
      Promise.allSettled([w.items.insert(DELIVERIES_COLLECTION, { _id: id, at }), w.items.insert(DELIVERIES_COLLECTION, { _id: id, at })]),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(isDuplicateItem(refused?.reason)).toBe(true);
  });

  it('two claims of one key racing: exactly one wins; the winner may claim again as the same owner', async () => {
    const w = world();
    const key = w.unique('claim');
    const results = await w.run(() => Promise.all([w.deliveries.claim(key, at, 60_000, 'a'), w.deliveries.claim(key, at, 60_000, 'b')]));
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results[0] ? 'a' : 'b';
    await expect(w.run(() => w.deliveries.claim(key, at, 60_000, winner))).resolves.toBe(true);
    await w.run(() => w.deliveries.release(key));
    await expect(w.run(() => w.deliveries.claim(key, at, 60_000, 'c'))).resolves.toBe(true);
  });

  // Wix's data client answers `remove` of an item that is not there with null (it recovers WDE0073): a release or a
  // purge that lost a race to another one is done, not failed, in both families.
  it('removing what is already gone succeeds: a claim released twice, an item removed twice', async () => {
    const w = world();
    const key = w.unique('gone');
    await expect(w.run(() => w.deliveries.claim(key, at, 60_000, 'a'))).resolves.toBe(true);
    await w.run(() => w.deliveries.release(key));
    await expect(w.run(() => w.deliveries.release(key))).resolves.toBeUndefined();
    await expect(w.run(() => w.items.remove(DELIVERIES_COLLECTION, w.unique('never')))).resolves.toBeNull();
  });

  it('an outbox key is stored once: the second create returns the first intent', async () => {
    const w = world();
    const key = w.unique('outbox');
    const email = `${key}@example.com`;
    const [first, second] = await w.run(() => Promise.all([w.outbox.create(intent(key, email)), w.outbox.create(intent(key, email))]));
    expect([first?.created, second?.created].sort()).toEqual([false, true]);
    const loser = first?.created ? second : first;
    expect(loser).toMatchObject({ created: false, existing: { key, query: { email } } });
    const stored = await w.run(() => w.outbox.get(key));
    expect(stored?.createdAt).toEqual(at);
  });

  it('a delivery record is inserted once: a second insert of its id answers the first record, which reads back by intent and message', async () => {
    const w = world();
    const key = w.unique('rec');
    const sent = { id: `result:${key}:0:1`, kind: 'result', intentKey: key, round: 0, attempt: 1, at, status: 'sent', messageId: `m-${key}` } as const;
    const fence = { ...sent, status: 'fenced', messageId: undefined } as const;
    const [a, b] = await w.run(() => Promise.all([w.deliveries.insert(sent), w.deliveries.insert(fence)]));
    expect([a, b].filter((r) => r === undefined)).toHaveLength(1);
    const winner = a === undefined ? sent : fence;
    expect(a ?? b).toMatchObject({ id: sent.id, status: winner.status, at });
    await w.run(() => w.deliveries.insert({ id: `attempt:${key}:0:2`, kind: 'attempt', intentKey: key, round: 0, attempt: 2, at, token: 't' }));
    const records = await w.run(() => w.deliveries.ofIntents([key]));
    expect(records.map((r) => r.id).sort()).toEqual([`attempt:${key}:0:2`, sent.id]);
    if (winner === sent) await expect(w.run(() => w.deliveries.ownersOf([`m-${key}`]))).resolves.toMatchObject([{ id: sent.id }]);
  });

  it('the newest claim of a cap chain is the one with the highest seq', async () => {
    const w = world();
    const chain = w.unique('chain');
    for (const seq of [1, 3, 2]) {
      await w.run(() => w.deliveries.insert({ id: `cap:${chain}:${seq}`, kind: 'cap', chain, seq, at, intentKey: `k${seq}` }));
    }
    await expect(w.run(() => w.deliveries.latestCap(chain))).resolves.toMatchObject({ seq: 3, intentKey: 'k3' });
    await expect(w.run(() => w.deliveries.latestCap(w.unique('none')))).resolves.toBeUndefined();
  });

  it('due intents page by (nextAttemptAt, key) without repeating or skipping, and look-alikes are found by signature', async () => {
    const w = world();
    const prefix = w.unique('due');
    const keys = [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`];
    for (const key of keys) await w.run(() => w.outbox.create(intent(key, `${key}@example.com`)));
    const seen: string[] = [];
    let after: { nextAttemptAt: Date; key: string } | undefined;
    for (;;) {
      const page = await w.run(() => w.outbox.due(at, 1, after));
      const [item] = page;
      if (!item) break;
      seen.push(item.key);
      after = { nextAttemptAt: item.nextAttemptAt, key: item.key };
    }
    expect(seen.filter((k) => k.startsWith(prefix))).toEqual(keys);
    const alike = await w.run(() => w.outbox.unfinishedAlike('basic:contract', 'BUSINESS_TO_PARTICIPANT', keys[0] as string, 1000));
    expect(alike.map((i) => i.key).filter((k) => k.startsWith(prefix))).toEqual(keys.slice(1));
  });

  it('what does not exist reads as nothing, and an item that does not exist is classified as not found', async () => {
    const w = world();
    await expect(w.run(() => w.outbox.get(w.unique('missing')))).resolves.toBeUndefined();
    await expect(w.run(() => w.items.get(DELIVERIES_COLLECTION, w.unique('missing')))).resolves.toBeNull();
    const update = await w.run(() => w.items.update(DELIVERIES_COLLECTION, { _id: w.unique('missing'), at }).then(() => undefined, (e: unknown) => e));
    expect(isNotFound(update)).toBe(true);
  });
});

contractSuite('RateLimiter', (world) => {
  it('allows exactly the limit when calls race for one key', async () => {
    const w = world();
    const key = w.unique('rate');
    const outcomes = await w.run(() => Promise.all(Array.from({ length: 6 }, () => w.rateLimiter.take(key, 3, 60 * 60 * 1000))));
    expect(outcomes.filter((o) => o.allowed)).toHaveLength(3);
    for (const denied of outcomes.filter((o) => !o.allowed)) expect(denied.retryAfterMs).toBeGreaterThan(0);
  });
});

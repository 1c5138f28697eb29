import { expect, it } from '@jest/globals';
import type { Intent } from 'backend/inbox/intent';
import type { AttemptResult } from 'backend/inbox/ports';
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

  // Wix's data client answers `remove` of an item that is not there with null (it recovers WDE0073): a release or a
  // purge that lost a race to another one is done, not failed, in both families.
  it('removing what is already gone succeeds: a record released twice, an item removed twice', async () => {
    const w = world();
    const key = w.unique('gone');
    await expect(w.run(() => w.deliveries.insert({ id: key, kind: 'cap', chain: key, seq: 0, at, intentKey: 'a' }))).resolves.toBeUndefined();
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

  it('rows are found by the message their cached result names (a nested field), and only those', async () => {
    const w = world();
    const key = w.unique('naming');
    const messageId = `m-${key}`;
    const delivered = { conversationId: `c-${key}`, messageId, participantId: { contactId: `p-${key}` }, kind: 'contact', newConversation: false } as const;
    await w.run(() => w.outbox.create(intent(key, `${key}@example.com`)));
    await w.run(() => w.outbox.create(intent(`${key}-other`, `${key}-other@example.com`)));
    await w.run(() => w.outbox.save({ ...intent(key, `${key}@example.com`), status: 'sent', result: delivered, completedAt: at }));
    const rows = await w.run(() => w.outbox.naming([messageId, `m-${key}-none`]));
    expect(rows.map((r) => [r.key, r.status, r.result])).toEqual([[key, 'sent', delivered]]);
    await expect(w.run(() => w.outbox.naming([]))).resolves.toEqual([]);
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

  it('a bulk create writes new keys, leaves an existing key as it was and answers it, and two racing bulk creates write each key once', async () => {
    const w = world();
    const broadcast = w.unique('bulk');
    const keyed = (n: number, token: string): Intent => ({ ...intent(`${broadcast}:${n}`, `${broadcast}-${n}@example.com`), broadcast, token });
    await w.run(() => w.outbox.create(keyed(0, 'earlier')));
    const [a, b] = await w.run(() => Promise.all([w.outbox.bulkCreate([0, 1, 2, 3].map((n) => keyed(n, 'a'))), w.outbox.bulkCreate([0, 1, 2, 3].map((n) => keyed(n, 'b')))]));
    expect(a?.[0]).toMatchObject({ created: false, existing: { key: `${broadcast}:0`, token: 'earlier' } });
    expect(b?.[0]).toMatchObject({ created: false, existing: { token: 'earlier' } });
    for (const n of [1, 2, 3]) expect([a?.[n]?.created, b?.[n]?.created].filter(Boolean)).toHaveLength(1);
    const stored = await w.run(() => w.outbox.ofBroadcast(broadcast));
    expect(stored.map((i) => i.key).sort()).toEqual([0, 1, 2, 3].map((n) => `${broadcast}:${n}`));
    expect(stored.find((i) => i.key === `${broadcast}:0`)?.createdAt).toEqual(at);
  });

  it('a bulk insert of delivery records writes each new one and answers, for one whose _id exists, the record there, as a single insert would', async () => {
    const w = world();
    const key = w.unique('many');
    const result = (n: number, status: 'sent' | 'fenced'): AttemptResult => ({ id: `result:${key}:0:${n}`, kind: 'result', intentKey: key, round: 0, attempt: n, at, status });
    await expect(w.run(() => w.deliveries.insert(result(2, 'fenced')))).resolves.toBeUndefined();
    const answers = await w.run(() => w.deliveries.insertMany([1, 2, 3].map((n) => result(n, 'sent'))));
    expect(answers).toEqual([
      { status: 'fulfilled', value: undefined },
      { status: 'fulfilled', value: expect.objectContaining({ id: `result:${key}:0:2`, status: 'fenced' }) },
      { status: 'fulfilled', value: undefined },
    ]);
    // Each record is still its own "first writer wins": a second bulk insert of the same IDs writes none of them.
    const again = await w.run(() => w.deliveries.insertMany([1, 3].map((n) => result(n, 'fenced'))));
    expect(again.map((a) => a.status === 'fulfilled' && a.value?.kind === 'result' && a.value.status)).toEqual(['sent', 'sent']);
  });

  it('a bulk save rewrites the rows that exist and answers, for a key with no row, the failure a single save would have', async () => {
    const w = world();
    const prefix = w.unique('rows');
    const [one, missing] = [intent(`${prefix}:1`, 'one@example.com'), intent(`${prefix}:2`, 'two@example.com')];
    await w.run(() => w.outbox.create(one));
    const answers = await w.run(() => w.outbox.saveMany([{ ...one, status: 'sent', attempts: 1 }, missing]));
    expect(answers[0]).toEqual({ status: 'fulfilled', value: undefined });
    expect(answers[1]?.status).toBe('rejected');
    const single = await w.run(() => w.outbox.save(missing).then(() => undefined, (e: unknown) => e));
    expect((answers[1] as PromiseRejectedResult).reason).toMatchObject({ code: (single as { code: string }).code });
    await expect(w.run(() => w.outbox.get(one.key))).resolves.toMatchObject({ status: 'sent', attempts: 1 });
    await expect(w.run(() => w.outbox.get(missing.key))).resolves.toBeUndefined();
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

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
    staleConversationIds: [],
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

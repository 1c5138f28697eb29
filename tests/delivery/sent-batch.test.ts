import { describe, expect, it } from '@jest/globals';
import { InboxError } from 'backend/inbox/errors';
import type { Intent } from 'backend/inbox/intent';
import type { AttemptResult, DeliveryLog, DeliveryRecord, OutboxStore } from 'backend/inbox/ports';
import { SentBatch } from 'backend/inbox/sent-batch';

const T0 = new Date('2030-01-01T10:00:00Z');

function sent(key: string): AttemptResult {
  return { id: `result:${key}:0:1`, kind: 'result', intentKey: key, round: 0, attempt: 1, at: T0, status: 'sent', messageId: `m-${key}` };
}

function row(key: string): Intent {
  return {
    key,
    fingerprint: 'fp',
    signature: 'basic:x',
    token: 't',
    query: { email: `${key}@example.com` },
    content: { basic: { items: [{ text: 'x' }] } },
    direction: 'BUSINESS_TO_PARTICIPANT',
    visibility: 'BUSINESS_AND_PARTICIPANT',
    sendNotifications: false,
    status: 'sent',
    attempts: 1,
    round: 0,
    createdAt: T0,
    updatedAt: T0,
    nextAttemptAt: T0,
  };
}

/** Stores that record each bulk call and answer per item from `answers` (default: written). */
function stores(answers: { results?: (r: DeliveryRecord) => PromiseSettledResult<DeliveryRecord | undefined>; rows?: (i: Intent) => PromiseSettledResult<void> } = {}) {
  const calls: { results: string[][]; rows: string[][] } = { results: [], rows: [] };
  let now = T0.getTime();
  const deliveries = {
    insertMany: async (records: readonly DeliveryRecord[]) => {
      calls.results.push(records.map((r) => r.id));
      return records.map((r) => answers.results?.(r) ?? { status: 'fulfilled' as const, value: undefined });
    },
  } as unknown as DeliveryLog;
  const outbox = {
    saveMany: async (intents: readonly Intent[]) => {
      calls.rows.push(intents.map((i) => i.key));
      return intents.map((i) => answers.rows?.(i) ?? { status: 'fulfilled' as const, value: undefined });
    },
  } as unknown as OutboxStore;
  const clock = { now: () => new Date(now), sleep: async () => undefined };
  return { calls, store: { deliveries, outbox, clock }, advance: (ms: number) => (now += ms) };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the sent batch', () => {
  it('writes nothing until it holds its size, then all of it in one bulk insert and one bulk update', async () => {
    const { calls, store } = stores();
    const batch = new SentBatch(store, 3, 15_000);
    const first = [batch.write(sent('a'), row('a'), T0), batch.write(sent('b'), row('b'), T0)];
    await settle();
    expect(calls).toEqual({ results: [], rows: [] });
    const third = batch.write(sent('c'), row('c'), T0);
    const written = await Promise.all([...first, third]);
    expect(calls).toEqual({ results: [['result:a:0:1', 'result:b:0:1', 'result:c:0:1']], rows: [['a', 'b', 'c']] });
    expect(written.map(([recorded, cached]) => [recorded.status === 'fulfilled' && recorded.value.id, cached])).toEqual([
      ['result:a:0:1', { status: 'fulfilled', value: true }],
      ['result:b:0:1', { status: 'fulfilled', value: true }],
      ['result:c:0:1', { status: 'fulfilled', value: true }],
    ]);
  });

  it('writes early when its oldest claim has waited the hold time, so no claim outlives its lease unresulted', async () => {
    const { calls, store, advance } = stores();
    const batch = new SentBatch(store, 200, 15_000);
    const a = batch.write(sent('a'), row('a'), T0);
    advance(14_999);
    batch.tick();
    await settle();
    expect(calls.results).toEqual([]);
    advance(1);
    batch.tick();
    await a;
    expect(calls.results).toEqual([['result:a:0:1']]);
  });

  it('once closed, writes what waits and then every write at once', async () => {
    const { calls, store } = stores();
    const batch = new SentBatch(store, 200, 15_000);
    const a = batch.write(sent('a'), row('a'), T0);
    batch.close();
    await a;
    await batch.write(sent('b'), row('b'), T0);
    expect(calls.results).toEqual([['result:a:0:1'], ['result:b:0:1']]);
  });

  it('answers each attempt as its single writes would: the record another worker inserted first stands, a refused insert is its error, a refused row is false', async () => {
    const fenced: AttemptResult = { ...sent('b'), status: 'fenced', messageId: undefined };
    const refusal = new InboxError('INBOX_UNAVAILABLE', 'refused', { retryable: true });
    const { store } = stores({
      results: (r) => (r.id === 'result:b:0:1' ? { status: 'fulfilled', value: fenced } : r.id === 'result:c:0:1' ? { status: 'rejected', reason: refusal } : { status: 'fulfilled', value: undefined }),
      rows: (i) => (i.key === 'a' ? { status: 'rejected', reason: new InboxError('INBOX_UNAVAILABLE', 'row refused', { retryable: true }) } : { status: 'fulfilled', value: undefined }),
    });
    const batch = new SentBatch(store, 3, 15_000);
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((k) => batch.write(sent(k), row(k), T0)));
    expect(a).toEqual([{ status: 'fulfilled', value: sent('a') }, { status: 'fulfilled', value: false }]);
    expect(b?.[0]).toEqual({ status: 'fulfilled', value: fenced });
    expect(c?.[0]).toEqual({ status: 'rejected', reason: refusal });
    expect(c?.[1]).toEqual({ status: 'fulfilled', value: true });
  });

  it('refuses a size no single wix-data bulk call takes', () => {
    const { store } = stores();
    expect(() => new SentBatch(store, 1001, 15_000)).toThrow(RangeError);
  });
});

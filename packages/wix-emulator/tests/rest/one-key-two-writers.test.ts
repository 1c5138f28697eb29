import { items } from '@wix/data';
import { conversations } from '@wix/inbox';
import { apiKeyClient, restApp, type Site } from '../../src';
import { seedContact } from '../../src/testing';
import { startSite } from '../../src/testing';

/** Writers racing on one key through the REST face: first writer wins, the others see WDE0074, nothing doubles. */
let site: Site;
let wix: ReturnType<typeof apiKeyClient<{ items: typeof items; conversations: typeof conversations }>>;

beforeEach(() => {
  site = startSite({ seed: 31 });
  site.data.defineCollection('Outbox', {});
  // Emulated latency makes the calls overlap: each waits on the clock before it acts.
  site.kernel.latencyMs = 20;
  wix = apiKeyClient(restApp(site), { items, conversations });
});

const codeOf = (e: unknown) => (e as { details?: { applicationError?: { code?: unknown } } }).details?.applicationError?.code;

describe('one key, many writers, over REST', () => {
  it('ten concurrent inserts of one _id: exactly one succeeds, nine fail with WDE0074', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => wix.items.insert('Outbox', { _id: 'intent-1', writer: i }).then(() => 'ok', codeOf)),
    );
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'WDE0074')).toHaveLength(9);
    const stored = site.data.inspectCollection('Outbox');
    expect(stored).toHaveLength(1);
    expect(outcomes[stored[0]?.writer as number]).toBe('ok');
  });

  it('a bulk insert naming one _id twice inserts it once and skips the other', async () => {
    const result = await wix.items.bulkInsert('Outbox', [{ _id: 'a', n: 1 }, { _id: 'a', n: 2 }, { _id: 'b' }]);
    expect(result).toMatchObject({ inserted: 2, skipped: 1, insertedItemIds: ['a', 'b'] });
    expect(site.data.inspectCollection('Outbox').map((i) => [i._id, i.n])).toEqual([['a', 1], ['b', undefined]]);
  });

  it('concurrent get-or-create for one contact yields one conversation', async () => {
    const contactId = seedContact(site, { email: 'ann@example.com' });
    const answers = await Promise.all(Array.from({ length: 5 }, () => wix.conversations.getOrCreateConversation({ contactId })));
    expect(new Set(answers.map((a) => a.conversation?._id)).size).toBe(1);
    expect(answers.filter((a) => a.newConversation)).toHaveLength(1);
  });
});

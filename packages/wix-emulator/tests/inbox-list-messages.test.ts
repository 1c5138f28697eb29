import { conversations, messages } from 'wix-inbox.v2';
import { runElevated } from '../src/kernel/caller';
import { callers, expectApplicationError, expectValidationError, failure, startInbox, textMessage, type InboxWorld } from './inbox-fixture';

let world: InboxWorld;
let conversationId: string;

const elevated = <T>(fn: () => Promise<T>): Promise<T> => world.as(callers.visitor(), () => runElevated(fn));
const list = (...args: Parameters<typeof messages.listMessages>) => elevated(() => messages.listMessages(...args));

/** Sends `count` messages `m1…m<count>`, every third one business-only. */
async function fill(count: number): Promise<void> {
  for (let i = 1; i <= count; i += 1) {
    world.clock.advance(1_000);
    const visibility = i % 3 === 0 ? 'BUSINESS' : 'BUSINESS_AND_PARTICIPANT';
    await elevated(() => messages.sendMessage(conversationId, { ...textMessage(`m${i}`), visibility }));
  }
}

const texts = (result: Awaited<ReturnType<typeof messages.listMessages>>) =>
  (result.messages ?? []).map((m) => m.content?.basic?.items?.[0]?.text);

beforeEach(async () => {
  world = startInbox();
  const contactId = world.addContact();
  const { conversation } = await elevated(() => conversations.getOrCreateConversation({ contactId }));
  conversationId = conversation?._id ?? '';
});

describe('inbox.listMessages', () => {
  it('returns 30 messages by default, newest first (sequence DESC), with a next cursor', async () => {
    await fill(35);
    const page = await list(conversationId, 'BUSINESS');
    expect(page.messages).toHaveLength(30);
    expect(texts(page)[0]).toBe('m35');
    expect(texts(page)[29]).toBe('m6');
    const sequences = (page.messages ?? []).map((m) => BigInt(m.sequence ?? '0'));
    expect(sequences).toEqual([...sequences].sort((a, b) => (a > b ? -1 : 1)));
    expect(page.pagingMetadata).toEqual({ count: 30, cursors: { next: expect.any(String) } });
  });

  it('walks every message exactly once by following cursors.next, the last page without one', async () => {
    await fill(25);
    const seen: (string | undefined)[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await list(conversationId, 'BUSINESS', { paging: { limit: 10, ...(cursor ? { cursor } : {}) } });
      seen.push(...texts(page));
      expect(page.pagingMetadata?.count).toBe(page.messages?.length);
      cursor = page.pagingMetadata?.cursors?.next ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `m${25 - i}`));
  });

  it('keeps pages stable when new messages arrive between pages', async () => {
    await fill(4);
    const first = await list(conversationId, 'BUSINESS', { paging: { limit: 2 } });
    await fill(1); // a new "m1" lands after the first page was read
    const second = await list(conversationId, 'BUSINESS', { paging: { limit: 2, cursor: first.pagingMetadata?.cursors?.next ?? '' } });
    expect(texts(first)).toEqual(['m4', 'm3']);
    expect(texts(second)).toEqual(['m2', 'm1']);
  });

  it('sorts oldest first with sorting { fieldName: sequence, order: ASC } and keeps that order across pages', async () => {
    await fill(5);
    const sorting = { fieldName: 'sequence', order: 'ASC' as const };
    const first = await list(conversationId, 'BUSINESS', { paging: { limit: 3 }, sorting });
    const second = await list(conversationId, 'BUSINESS', { paging: { limit: 3, cursor: first.pagingMetadata?.cursors?.next ?? '' }, sorting });
    expect([...texts(first), ...texts(second)]).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(second.pagingMetadata?.cursors).toEqual({});
  });

  it('BUSINESS returns every message; BUSINESS_AND_PARTICIPANT only those the participant can see', async () => {
    await fill(6);
    expect(texts(await list(conversationId, 'BUSINESS'))).toEqual(['m6', 'm5', 'm4', 'm3', 'm2', 'm1']);
    expect(texts(await list(conversationId, 'BUSINESS_AND_PARTICIPANT'))).toEqual(['m5', 'm4', 'm2', 'm1']);
  });

  it('pages BUSINESS_AND_PARTICIPANT over visible messages only: full pages, each visible message once, both orders', async () => {
    await fill(20);
    const visible = Array.from({ length: 20 }, (_, i) => i + 1).filter((i) => i % 3 !== 0);
    for (const order of ['DESC', 'ASC'] as const) {
      const seen: (string | undefined)[] = [];
      const sizes: number[] = [];
      let cursor: string | undefined;
      do {
        const page = await list(conversationId, 'BUSINESS_AND_PARTICIPANT', {
          paging: { limit: 4, ...(cursor ? { cursor } : {}) },
          sorting: { fieldName: 'sequence', order },
        });
        seen.push(...texts(page));
        sizes.push(page.messages?.length ?? 0);
        cursor = page.pagingMetadata?.cursors?.next ?? undefined;
      } while (cursor);
      const expected = (order === 'ASC' ? visible : [...visible].reverse()).map((i) => `m${i}`);
      expect(seen).toEqual(expected);
      // 14 visible messages: three full pages and a last one of 2, which carries no cursor.
      expect(sizes).toEqual([4, 4, 4, 2]);
    }
  });

  it('accepts limit 1 and 100 and refuses 0 and 101', async () => {
    await fill(101);
    expect((await list(conversationId, 'BUSINESS', { paging: { limit: 1 } })).messages).toHaveLength(1);
    expect((await list(conversationId, 'BUSINESS', { paging: { limit: 100 } })).messages).toHaveLength(100);
    for (const limit of [0, 101, 2.5]) {
      expectValidationError(await failure(list(conversationId, 'BUSINESS', { paging: { limit } })), 'options.paging.limit');
    }
  });

  it('refuses a cursor used with another visibility, sorting or conversation, and a damaged cursor', async () => {
    await fill(4);
    const next = (await list(conversationId, 'BUSINESS', { paging: { limit: 1 } })).pagingMetadata?.cursors?.next ?? '';
    const other = await elevated(() => conversations.getOrCreateConversation({ anonymousVisitorId: 'visitor-2' }));
    const attempts = [
      list(conversationId, 'BUSINESS_AND_PARTICIPANT', { paging: { cursor: next } }),
      list(conversationId, 'BUSINESS', { paging: { cursor: next }, sorting: { order: 'ASC' } }),
      list(other.conversation?._id ?? '', 'BUSINESS', { paging: { cursor: next } }),
      list(conversationId, 'BUSINESS', { paging: { cursor: 'garbage' } }),
    ];
    for (const attempt of attempts) expectValidationError(await failure(attempt), 'options.paging.cursor');
  });

  it('sorts only by sequence', async () => {
    const error = await failure(list(conversationId, 'BUSINESS', { sorting: { fieldName: '_createdDate' } }));
    expectValidationError(error, 'options.sorting.fieldName');
  });

  it('requires a known visibility', async () => {
    expectValidationError(await failure(list(conversationId, undefined as never)), 'visibility');
    expectValidationError(await failure(list(conversationId, 'UNKNOWN_VISIBILITY')), 'visibility');
  });

  it('answers an empty conversation with no messages and no next cursor', async () => {
    expect(await list(conversationId, 'BUSINESS')).toEqual({ messages: [], pagingMetadata: { count: 0, cursors: {} } });
  });

  it('answers 404 CONVERSATION_NOT_FOUND for an unknown conversation', async () => {
    const error = await failure(list('0e0e0e0e-0000-4000-8000-000000000000', 'BUSINESS'));
    expectApplicationError(error, 404, 'CONVERSATION_NOT_FOUND');
  });
});

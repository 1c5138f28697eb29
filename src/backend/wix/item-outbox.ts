import type { Intent } from '../inbox/intent';
import type { OutboxStore } from '../inbox/ports';
import { OUTBOX_COLLECTION } from './collections';
import type { Item, ItemStore } from './item-store';
import { isDuplicateItem, translateWixError } from './translate-error';

/**
 * The outbox in the admin-only wix-data collection `InboxOutbox` (create it on the site; see the README), on either
 * family's wix-data module. One item per idempotency key: the key is the item's `_id`, so inserting a key twice fails
 * and "first writer wins" is atomic — the insert is also the claim of the first attempt. Later writes (`save`) only
 * refresh the cache fields (docs/decisions/0009-delivery-decided-by-inserts.md).
 */

/** wix-data's bulk operations take at most this many items; a page holds at most this many too. */
const BULK_LIMIT = 1000;
/** Keys per `hasSome` read. */
const READ_CHUNK = 100;

/** wix-data stores Dates as Dates; the rest of an intent is plain data. */
export type OutboxItem = Omit<Intent, 'key'> & { _id: string };

export function itemOutbox(data: ItemStore): OutboxStore {
  return {
    async create(intent) {
      try {
        await data.insert(OUTBOX_COLLECTION, toItem(intent));
        return { created: true };
      } catch (error) {
        if (!isDuplicateItem(error)) throw translateWixError(error, `write ${OUTBOX_COLLECTION}`);
      }
      const existing = await this.get(intent.key);
      if (!existing) throw translateWixError(new Error('outbox item vanished after a duplicate insert'), `read ${OUTBOX_COLLECTION}`);
      return { created: false, existing };
    },

    async bulkCreate(intents) {
      if (intents.length === 0) return [];
      if (intents.length > BULK_LIMIT) throw new RangeError(`bulkCreate takes at most ${BULK_LIMIT} intents per call`);
      let inserted: ReadonlySet<string>;
      let refused: readonly unknown[];
      try {
        const result = await data.bulkInsert(OUTBOX_COLLECTION, intents.map(toItem));
        inserted = new Set(result.insertedItemIds);
        refused = result.errors;
      } catch (error) {
        throw translateWixError(error, `write ${OUTBOX_COLLECTION}`);
      }
      // The rest were skipped because their key exists (or refused): read what is stored under those keys.
      const others = intents.filter((i) => !inserted.has(i.key)).map((i) => i.key);
      const existing = new Map<string, Intent>();
      try {
        for (let start = 0; start < others.length; start += READ_CHUNK) {
          const { items } = await data.query(OUTBOX_COLLECTION).hasSome('_id', others.slice(start, start + READ_CHUNK)).limit(READ_CHUNK).find();
          for (const item of items as OutboxItem[]) existing.set(item._id, fromItem(item));
        }
      } catch (error) {
        throw translateWixError(error, `read ${OUTBOX_COLLECTION}`);
      }
      return intents.map((intent) => {
        if (inserted.has(intent.key)) return { created: true as const };
        const stored = existing.get(intent.key);
        if (!stored) throw translateWixError(refused[0] ?? new Error('outbox item neither inserted nor found'), `write ${OUTBOX_COLLECTION}`);
        return { created: false as const, existing: stored };
      });
    },

    async ofBroadcast(broadcastId) {
      const found: Intent[] = [];
      try {
        // Keyset pages by _id: however many people, no page is over wix-data's 1,000.
        for (let after: string | undefined; ; ) {
          let query = data.query(OUTBOX_COLLECTION).eq('broadcast', broadcastId);
          if (after !== undefined) query = query.gt('_id', after);
          const { items } = await query.ascending('_id').limit(BULK_LIMIT).find();
          found.push(...(items as OutboxItem[]).map(fromItem));
          const last = items[items.length - 1] as OutboxItem | undefined;
          if (!last || items.length < BULK_LIMIT) return found;
          after = last._id;
        }
      } catch (error) {
        throw translateWixError(error, `query ${OUTBOX_COLLECTION}`);
      }
    },

    async get(key) {
      try {
        const item = (await data.get(OUTBOX_COLLECTION, key)) as OutboxItem | null;
        return item ? fromItem(item) : undefined;
      } catch (error) {
        throw translateWixError(error, `read ${OUTBOX_COLLECTION}`);
      }
    },

    async save(intent) {
      try {
        await data.update(OUTBOX_COLLECTION, toItem(intent));
      } catch (error) {
        throw translateWixError(error, `write ${OUTBOX_COLLECTION}`);
      }
    },

    async saveMany(intents) {
      if (intents.length === 0) return [];
      if (intents.length > BULK_LIMIT) throw new RangeError(`saveMany takes at most ${BULK_LIMIT} intents per call`);
      let updated: ReadonlySet<string>;
      let refused: readonly unknown[];
      try {
        const result = await data.bulkUpdate(OUTBOX_COLLECTION, intents.map(toItem));
        updated = new Set(result.updatedItemIds);
        refused = result.errors;
      } catch (error) {
        const failure = translateWixError(error, `write ${OUTBOX_COLLECTION}`);
        return intents.map(() => ({ status: 'rejected' as const, reason: failure }));
      }
      return intents.map((intent, index) => {
        if (updated.has(intent.key)) return { status: 'fulfilled' as const, value: undefined };
        // Skipped (no row under the key: `save` would have failed with WDE0073) or refused.
        const own = refused.find((e) => (e as { originalIndex?: unknown } | null)?.originalIndex === index);
        return { status: 'rejected' as const, reason: translateWixError(own ?? new Error('outbox row not there to update'), `write ${OUTBOX_COLLECTION}`) };
      });
    },

    async due(now, limit, after) {
      try {
        let query = data.query(OUTBOX_COLLECTION).hasSome('status', ['pending', 'retrying']).le('nextAttemptAt', now);
        if (after) {
          // Keyset paging: strictly after the last row listed, in (nextAttemptAt, _id) order.
          query = query.and(
            data
              .query(OUTBOX_COLLECTION)
              .gt('nextAttemptAt', after.nextAttemptAt)
              .or(data.query(OUTBOX_COLLECTION).eq('nextAttemptAt', after.nextAttemptAt).gt('_id', after.key)),
          );
        }
        const result = await query.ascending('nextAttemptAt').ascending('_id').limit(limit).find();
        return (result.items as OutboxItem[]).map(fromItem);
      } catch (error) {
        throw translateWixError(error, `query ${OUTBOX_COLLECTION}`);
      }
    },

    async unfinishedAlike(signature, direction, exceptKey, limit) {
      try {
        const result = await data
          .query(OUTBOX_COLLECTION)
          .eq('signature', signature)
          .eq('direction', direction)
          .hasSome('status', ['pending', 'retrying'])
          .ne('_id', exceptKey)
          .limit(limit)
          .find();
        return (result.items as OutboxItem[]).map(fromItem);
      } catch (error) {
        throw translateWixError(error, `query ${OUTBOX_COLLECTION}`);
      }
    },

    async naming(messageIds) {
      // A few IDs per reconciliation (the look-alike messages it found), each named by at most a row or two: one query
      // per NAMING_CHUNK IDs, side by side, never a full page.
      const chunks: string[][] = [];
      for (let at = 0; at < messageIds.length; at += NAMING_CHUNK) chunks.push(messageIds.slice(at, at + NAMING_CHUNK));
      try {
        const pages = await Promise.all(chunks.map((part) => data.query(OUTBOX_COLLECTION).hasSome(SENT_MESSAGE_FIELD, part).limit(BULK_LIMIT).find()));
        return pages.flatMap((page) => (page.items as OutboxItem[]).map(fromItem));
      } catch (error) {
        throw translateWixError(error, `query ${OUTBOX_COLLECTION}`);
      }
    },
  };
}

/** Message IDs per `naming` query. */
const NAMING_CHUNK = 100;

/**
 * The message a row's result names, copied to a top-level field of the item for `naming`'s query: Velo's wix-data
 * reference documents filters on a field's name, and nothing we can cite says a property inside an Object field can be
 * filtered on (`result.messageId`). Rows written before this field existed are not found by it.
 */
const SENT_MESSAGE_FIELD = 'sentMessageId';

function toItem(intent: Intent): OutboxItem & Item {
  const { key, ...rest } = intent;
  const sent = intent.result !== undefined && 'messageId' in intent.result ? { [SENT_MESSAGE_FIELD]: intent.result.messageId } : {};
  // update replaces the whole item: a field cleared on the intent disappears from the item too.
  return { ...rest, ...sent, _id: key } as OutboxItem & Item;
}

/** An outbox item as read from wix-data → the intent it stores (also read by the owner panel's queries). */
export function fromItem(item: OutboxItem): Intent {
  const { _id, ...rest } = item as OutboxItem & Record<string, unknown>;
  delete (rest as Record<string, unknown>)._createdDate;
  delete (rest as Record<string, unknown>)._updatedDate;
  delete (rest as Record<string, unknown>)._owner;
  delete (rest as Record<string, unknown>)[SENT_MESSAGE_FIELD];
  const intent = { ...rest, key: _id } as Intent;
  for (const field of ['createdAt', 'updatedAt', 'nextAttemptAt', 'completedAt', 'notBefore'] as const) {
    const value = intent[field];
    if (value !== undefined && !(value instanceof Date)) (intent as unknown as Record<string, unknown>)[field] = new Date(value as string);
  }
  return intent;
}

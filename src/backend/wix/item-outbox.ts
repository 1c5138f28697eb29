import { contentSignature, type Intent } from '../inbox/intent';
import type { OutboxStore } from '../inbox/ports';
import { OUTBOX_COLLECTION } from './collections';
import type { Item, ItemStore } from './item-store';
import { isDuplicateItem, translateWixError } from './translate-error';

/**
 * The outbox in the admin-only wix-data collection `InboxOutbox` (create it on the site; see the README), on either
 * family's wix-data module. One item per idempotency key: the key is the item's `_id`, so inserting a key twice fails
 * and "first writer wins" is atomic.
 */

/**
 * wix-data stores Dates as Dates; the rest of an intent is plain data. Three top-level fields exist only to be queried:
 * the delivered message, the conversation an attempt is sending to, and the content's signature.
 */
type OutboxItem = Omit<Intent, 'key'> & { _id: string; messageId?: string; inFlightConversationId?: string; signature?: string };

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

    async due(now, limit) {
      try {
        const result = await data
          .query(OUTBOX_COLLECTION)
          .hasSome('status', ['pending', 'retrying'])
          .le('nextAttemptAt', now)
          .ascending('nextAttemptAt')
          .limit(limit)
          .find();
        return (result.items as OutboxItem[]).map(fromItem);
      } catch (error) {
        throw translateWixError(error, `query ${OUTBOX_COLLECTION}`);
      }
    },

    async countInFlight(conversationId, signature, exceptKey) {
      try {
        return await data
          .query(OUTBOX_COLLECTION)
          .eq('inFlightConversationId', conversationId)
          .eq('signature', signature)
          .hasSome('status', ['pending', 'retrying'])
          .ne('_id', exceptKey)
          .count();
      } catch (error) {
        throw translateWixError(error, `query ${OUTBOX_COLLECTION}`);
      }
    },

    async keyOfMessage(messageId) {
      try {
        const result = await data.query(OUTBOX_COLLECTION).eq('messageId', messageId).limit(1).find();
        return (result.items[0] as OutboxItem | undefined)?._id;
      } catch (error) {
        throw translateWixError(error, `query ${OUTBOX_COLLECTION}`);
      }
    },
  };
}

function toItem(intent: Intent): OutboxItem & Item {
  const { key, ...rest } = intent;
  const messageId = intent.result && 'messageId' in intent.result ? intent.result.messageId : undefined;
  // update replaces the whole item: a field cleared on the intent disappears from the item too.
  return {
      ...rest,
      _id: key,
      signature: contentSignature(intent.content),
      ...(messageId ? { messageId } : {}),
      ...(intent.inFlight ? { inFlightConversationId: intent.inFlight.conversationId } : {}),
    } as OutboxItem & Item;
  }

  function fromItem(item: OutboxItem): Intent {
    const { _id, messageId: _messageId, inFlightConversationId: _conversation, signature: _signature, ...rest } = item as OutboxItem &
      Record<string, unknown>;
    delete (rest as Record<string, unknown>)._createdDate;
    delete (rest as Record<string, unknown>)._updatedDate;
    delete (rest as Record<string, unknown>)._owner;
    const dates = ['createdAt', 'updatedAt', 'nextAttemptAt', 'completedAt'] as const;
    const intent = { ...rest, key: _id, staleConversationIds: rest.staleConversationIds ?? [] } as Intent;
    for (const field of dates) {
      const value = intent[field];
      if (value !== undefined && !(value instanceof Date)) (intent as unknown as Record<string, unknown>)[field] = new Date(value as string);
    }
    if (intent.inFlight && !(intent.inFlight.startedAt instanceof Date)) {
      intent.inFlight = { ...intent.inFlight, startedAt: new Date(intent.inFlight.startedAt as unknown as string) };
    }
    return intent;
  }

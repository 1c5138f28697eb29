import type { Housekeeping } from '../inbox/ports';
import { DELIVERIES_COLLECTION, OUTBOX_COLLECTION, RATE_LIMITS_COLLECTION } from './collections';
import type { ItemQuery, ItemStore } from './item-store';
import { translateWixError } from './translate-error';

/** Deletes, one item at a time (wix-data has no delete-by-query), what the queries find, up to `limit` per kind. */
export function itemHousekeeping(data: ItemStore): Housekeeping {
  async function removeAll(collection: string, query: ItemQuery, limit: number): Promise<number> {
    try {
      const { items } = await query.limit(limit).find();
      for (const item of items as { _id: string }[]) await data.remove(collection, item._id);
      return items.length;
    } catch (error) {
      throw translateWixError(error, `write ${collection}`);
    }
  }
  return {
    async purge(cutoffs, limit) {
      const intents = await removeAll(
        OUTBOX_COLLECTION,
        data.query(OUTBOX_COLLECTION).hasSome('status', ['sent', 'skipped', 'dead']).lt('completedAt', cutoffs.finishedIntentsBefore),
        limit,
      );
      const leases = await removeAll(
        DELIVERIES_COLLECTION,
        data
          .query(DELIVERIES_COLLECTION)
          .hasSome('kind', ['attempt', 'result', 'message'])
          .or(data.query(DELIVERIES_COLLECTION).startsWith('_id', 'form-record:'))
          .or(data.query(DELIVERIES_COLLECTION).startsWith('_id', 'lease:'))
          .lt('at', cutoffs.leasesBefore),
        limit,
      );
      const rateLimitSlots = await removeAll(
        RATE_LIMITS_COLLECTION,
        data.query(RATE_LIMITS_COLLECTION).lt('expiresAt', cutoffs.rateLimitSlotsBefore),
        limit,
      );
      return { intents, leases, rateLimitSlots };
    },
  };
}

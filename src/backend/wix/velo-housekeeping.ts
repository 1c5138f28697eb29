import wixData from 'wix-data';
import type { Housekeeping } from '../inbox/ports';
import { ADMIN, DELIVERIES_COLLECTION, OUTBOX_COLLECTION, RATE_LIMITS_COLLECTION } from './collections';
import { translateWixError } from './translate-error';


/** Deletes, one item at a time (wix-data has no delete-by-query), what the queries find, up to `limit` per kind. */
export const veloHousekeeping: Housekeeping = {
  async purge(cutoffs, limit) {
    const intents = await removeAll(
      OUTBOX_COLLECTION,
      wixData.query(OUTBOX_COLLECTION).hasSome('status', ['sent', 'skipped', 'dead']).lt('completedAt', cutoffs.finishedIntentsBefore),
      limit,
    );
    const leases = await removeAll(
      DELIVERIES_COLLECTION,
      wixData
        .query(DELIVERIES_COLLECTION)
        .hasSome('kind', ['attempt', 'result', 'message'])
        .or(wixData.query(DELIVERIES_COLLECTION).startsWith('_id', 'form-record:'))
        .or(wixData.query(DELIVERIES_COLLECTION).startsWith('_id', 'lease:'))
        .lt('at', cutoffs.leasesBefore),
      limit,
    );
    const rateLimitSlots = await removeAll(
      RATE_LIMITS_COLLECTION,
      wixData.query(RATE_LIMITS_COLLECTION).lt('expiresAt', cutoffs.rateLimitSlotsBefore),
      limit,
    );
    return { intents, leases, rateLimitSlots };
  },
};

async function removeAll(collection: string, query: wixData.WixDataQuery, limit: number): Promise<number> {
  try {
    const { items } = await query.limit(limit).find(ADMIN);
    for (const item of items as { _id: string }[]) await wixData.remove(collection, item._id, ADMIN);
    return items.length;
  } catch (error) {
    throw translateWixError(error, `write ${collection}`);
  }
}

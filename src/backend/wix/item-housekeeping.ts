import type { Housekeeping } from '../inbox/ports';
import { DELIVERIES_COLLECTION, OUTBOX_COLLECTION, RATE_LIMITS_COLLECTION } from './collections';
import type { Item, ItemQuery, ItemStore } from './item-store';
import { isDuplicateItem, translateWixError } from './translate-error';

/** Keys per `hasSome` read. */
const READ_CHUNK = 100;

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
  /**
   * Finished intents, removed by ID after the find (wix-data has no conditional remove). A key sent again in between
   * moves its row to a new round and then claims that round's first attempt; it reads the row back after its claim, and
   * this reads the claims back after its removes: whichever comes second sees the other and puts the row back (as the
   * new round, pending: the job reads its records and finishes it or refreshes the cache).
   */
  async function removeFinishedIntents(before: Date, now: Date, limit: number): Promise<number> {
    let found: Item[];
    try {
      ({ items: found } = await data.query(OUTBOX_COLLECTION).hasSome('status', ['sent', 'skipped', 'dead']).lt('completedAt', before).limit(limit).find());
      for (const item of found) await data.remove(OUTBOX_COLLECTION, String(item._id));
    } catch (error) {
      throw translateWixError(error, `write ${OUTBOX_COLLECTION}`);
    }
    if (found.length === 0) return 0;
    const rounds = new Map(found.map((item) => [String(item._id), Number(item.round ?? 0)]));
    const newer = new Map<string, number>();
    try {
      const keys = [...rounds.keys()];
      for (let start = 0; start < keys.length; start += READ_CHUNK) {
        const { items } = await data.query(DELIVERIES_COLLECTION).hasSome('intentKey', keys.slice(start, start + READ_CHUNK)).eq('kind', 'attempt').limit(1000).find();
        for (const claim of items) {
          const key = String(claim.intentKey);
          const round = Number(claim.round);
          if (round > (rounds.get(key) ?? Infinity) && round > (newer.get(key) ?? -1)) newer.set(key, round);
        }
      }
    } catch (error) {
      throw translateWixError(error, `query ${DELIVERIES_COLLECTION}`);
    }
    let restored = 0;
    for (const item of found) {
      const round = newer.get(String(item._id));
      if (round === undefined) continue;
      const { completedAt: _completedAt, result: _result, lastError: _lastError, deadReason: _deadReason, ...kept } = item;
      try {
        await data.insert(OUTBOX_COLLECTION, { ...kept, _id: String(item._id), status: 'pending', round, attempts: 1, updatedAt: now, nextAttemptAt: now });
        restored += 1;
      } catch (error) {
        // The resend put it back first: its row stands.
        if (!isDuplicateItem(error)) throw translateWixError(error, `write ${OUTBOX_COLLECTION}`);
      }
    }
    return found.length - restored;
  }

  return {
    async purge(cutoffs, limit) {
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
      // Delivery records go first, intents only once no old record is left: a key sent again after its intent is
      // removed starts afresh at round 0, and an old round-0 record would stand for its attempts (ids are per round).
      const intents = leases < limit ? await removeFinishedIntents(cutoffs.finishedIntentsBefore, cutoffs.now, limit) : 0;
      const rateLimitSlots = await removeAll(
        RATE_LIMITS_COLLECTION,
        data.query(RATE_LIMITS_COLLECTION).lt('expiresAt', cutoffs.rateLimitSlotsBefore),
        limit,
      );
      return { intents, leases, rateLimitSlots };
    },
  };
}

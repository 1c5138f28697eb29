import type { DeliveryLog, RateLimiter } from '../inbox/ports';
import { DELIVERIES_COLLECTION, RATE_LIMITS_COLLECTION } from './collections';
import type { ItemStore } from './item-store';
import { isDuplicateItem, translateWixError } from './translate-error';

/**
 * Small state the module keeps between calls, in admin-only wix-data collections (backend containers are short-lived
 * and many: memory does not survive), on either family's wix-data module. The collections are listed in collections.ts.
 */
export function itemDeliveryLog(data: ItemStore): DeliveryLog {
  return {
    async claim(key, at, windowMs, owner) {
      const item = { _id: key, at, ...(owner === undefined ? {} : { owner }) };
      try {
        // insert fails when the _id exists: the one atomic "first writer wins" wix-data offers.
        await data.insert(DELIVERIES_COLLECTION, item);
        return true;
      } catch (error) {
        if (!isDuplicateItem(error)) throw translateWixError(error, `claim in ${DELIVERIES_COLLECTION}`);
      }
      let previous: { at?: Date | string; owner?: string } | null;
      try {
        previous = (await data.get(DELIVERIES_COLLECTION, key)) as typeof previous;
      } catch (error) {
        throw translateWixError(error, `read ${DELIVERIES_COLLECTION}`);
      }
      if (owner !== undefined && previous?.owner === owner) return true;
      if (previous?.at && at.getTime() - new Date(previous.at).getTime() < windowMs) return false;
      // An old claim has expired: renew it. Two renewals racing here could both pass; that needs a repeat after the window.
      try {
        await data.save(DELIVERIES_COLLECTION, item);
      } catch (error) {
        throw translateWixError(error, `claim in ${DELIVERIES_COLLECTION}`);
      }
      return true;
    },
    async release(key) {
      try {
        await data.remove(DELIVERIES_COLLECTION, key);
      } catch (error) {
        throw translateWixError(error, `release in ${DELIVERIES_COLLECTION}`);
      }
    },
  };
}

/**
 * Fixed windows, atomic under racing calls. Each allowed call owns one slot item `<key>:<window start>:<n>` (n = 1 …
 * limit) in the window's bucket; wix-data `insert` refuses an `_id` that exists, so two calls can never own the same
 * slot and at most `limit` calls per window are allowed, however many race. Slots fill from 1 upwards without gaps
 * (a call only tries slot n after finding slots 1 … n-1 taken), so counting the bucket tells where to start.
 * `expiresAt` lets a cleanup remove old buckets; nothing reads a past window.
 */
export function itemRateLimiter(data: ItemStore, now: () => Date): RateLimiter {
  return {
      async take(key, limit, windowMs) {
        const nowMs = now().getTime();
        const windowStart = Math.floor(nowMs / windowMs) * windowMs;
        const bucket = `${key}:${windowStart}`;
        const denied = { allowed: false, retryAfterMs: windowStart + windowMs - nowMs };
        let taken: number;
        try {
          taken = await data.query(RATE_LIMITS_COLLECTION).eq('bucket', bucket).count();
        } catch (error) {
          throw translateWixError(error, `query ${RATE_LIMITS_COLLECTION}`);
        }
        const expiresAt = new Date(windowStart + windowMs);
        for (let n = taken + 1; n <= limit; n += 1) {
          try {
            await data.insert(RATE_LIMITS_COLLECTION, { _id: `${bucket}:${n}`, bucket, expiresAt });
            return { allowed: true, retryAfterMs: 0 };
          } catch (error) {
            // Another call won this slot in the meantime: try the next one.
            if (!isDuplicateItem(error)) throw translateWixError(error, `claim in ${RATE_LIMITS_COLLECTION}`);
          }
        }
        return denied;
      },
  };
}

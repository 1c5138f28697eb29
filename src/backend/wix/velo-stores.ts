import wixData from 'wix-data';
import type { DeliveryLog, RateLimiter } from '../inbox/ports';
import { DELIVERIES_COLLECTION, RATE_LIMITS_COLLECTION } from './collections';
import { isDuplicateItem, translateWixError } from './translate-error';

/**
 * Small state the module keeps between calls, in admin-only wix-data collections (backend containers are short-lived
 * and many: memory does not survive). The collections are listed in collections.ts.
 */
const ADMIN = { suppressAuth: true } as const;

export const veloDeliveryLog: DeliveryLog = {
  async lastDelivery(key) {
    try {
      const item = (await wixData.get(DELIVERIES_COLLECTION, key, ADMIN)) as { at?: Date | string } | null;
      return item?.at ? new Date(item.at) : undefined;
    } catch (error) {
      throw translateWixError(error, `read ${DELIVERIES_COLLECTION}`);
    }
  },
  async recordDelivery(key, at) {
    try {
      await wixData.save(DELIVERIES_COLLECTION, { _id: key, at }, ADMIN);
    } catch (error) {
      throw translateWixError(error, `write ${DELIVERIES_COLLECTION}`);
    }
  },
  async claim(key, at, windowMs) {
    try {
      // insert fails when the _id exists: the one atomic "first writer wins" wix-data offers.
      await wixData.insert(DELIVERIES_COLLECTION, { _id: key, at }, ADMIN);
      return true;
    } catch (error) {
      if (!isDuplicateItem(error)) throw translateWixError(error, `claim in ${DELIVERIES_COLLECTION}`);
    }
    const previous = await this.lastDelivery(key);
    if (previous && at.getTime() - previous.getTime() < windowMs) return false;
    // An old claim has expired: renew it. Two renewals racing here could both pass; that needs a repeat after the window.
    await this.recordDelivery(key, at);
    return true;
  },
  async release(key) {
    try {
      await wixData.remove(DELIVERIES_COLLECTION, key, ADMIN);
    } catch (error) {
      throw translateWixError(error, `release in ${DELIVERIES_COLLECTION}`);
    }
  },
};


/** Fixed windows keyed by `<key>:<window start>`; read-then-write, so bursts racing in parallel may pass a few extra. */
export function veloRateLimiter(now: () => Date): RateLimiter {
  return {
    async take(key, limit, windowMs) {
      const nowMs = now().getTime();
      const windowStart = Math.floor(nowMs / windowMs) * windowMs;
      const id = `${key}:${windowStart}`;
      try {
        const item = (await wixData.get(RATE_LIMITS_COLLECTION, id, ADMIN)) as { count?: number } | null;
        const count = item?.count ?? 0;
        if (count >= limit) return { allowed: false, retryAfterMs: windowStart + windowMs - nowMs };
        await wixData.save(RATE_LIMITS_COLLECTION, { _id: id, count: count + 1, expiresAt: new Date(windowStart + windowMs) }, ADMIN);
        return { allowed: true, retryAfterMs: 0 };
      } catch (error) {
        throw translateWixError(error, `use ${RATE_LIMITS_COLLECTION}`);
      }
    },
  };
}

import wixData from 'wix-data';
import type { DeliveryLog, DeliveryRecord, RateLimiter } from '../inbox/ports';
import { ADMIN, DELIVERIES_COLLECTION, RATE_LIMITS_COLLECTION } from './collections';
import { isDuplicateItem, translateWixError } from './translate-error';

/**
 * Small state the module keeps between calls, in admin-only wix-data collections (backend containers are short-lived
 * and many: memory does not survive). The collections are listed in collections.ts.
 */
export const veloDeliveryLog: DeliveryLog = {
  async claim(key, at, windowMs, owner) {
    const item = { _id: key, at, ...(owner === undefined ? {} : { owner }) };
    try {
      // insert fails when the _id exists: the one atomic "first writer wins" wix-data offers.
      await wixData.insert(DELIVERIES_COLLECTION, item, ADMIN);
      return true;
    } catch (error) {
      if (!isDuplicateItem(error)) throw translateWixError(error, `claim in ${DELIVERIES_COLLECTION}`);
    }
    let previous: { at?: Date | string; owner?: string } | null;
    try {
      previous = (await wixData.get(DELIVERIES_COLLECTION, key, ADMIN)) as typeof previous;
    } catch (error) {
      throw translateWixError(error, `read ${DELIVERIES_COLLECTION}`);
    }
    if (owner !== undefined && previous?.owner === owner) return true;
    if (previous?.at && at.getTime() - new Date(previous.at).getTime() < windowMs) return false;
    // An old claim has expired: renew it. Two renewals racing here could both pass; that needs a repeat after the window.
    try {
      await wixData.save(DELIVERIES_COLLECTION, item, ADMIN);
    } catch (error) {
      throw translateWixError(error, `claim in ${DELIVERIES_COLLECTION}`);
    }
    return true;
  },
  async release(key) {
    try {
      await wixData.remove(DELIVERIES_COLLECTION, key, ADMIN);
    } catch (error) {
      throw translateWixError(error, `release in ${DELIVERIES_COLLECTION}`);
    }
  },

  async insert(record) {
    const { id, ...fields } = record;
    try {
      // insert fails when the _id exists: the one atomic "first writer wins" wix-data offers.
      await wixData.insert(DELIVERIES_COLLECTION, { _id: id, ...fields }, ADMIN);
      return undefined;
    } catch (error) {
      if (!isDuplicateItem(error)) throw translateWixError(error, `claim in ${DELIVERIES_COLLECTION}`);
    }
    let there: RecordItem | null;
    try {
      there = (await wixData.get(DELIVERIES_COLLECTION, id, ADMIN)) as RecordItem | null;
    } catch (error) {
      throw translateWixError(error, `read ${DELIVERIES_COLLECTION}`);
    }
    // Removed again in between (a released cap): whoever removed it gave it up; report the conflict as it was.
    return there ? fromRecordItem(there) : record;
  },

  async ofIntents(keys) {
    if (keys.length === 0) return [];
    return findAll(wixData.query(DELIVERIES_COLLECTION).hasSome('intentKey', [...keys]).hasSome('kind', ['attempt', 'result', 'message']));
  },

  async ownersOf(messageIds) {
    if (messageIds.length === 0) return [];
    return findAll(wixData.query(DELIVERIES_COLLECTION).hasSome('messageId', [...messageIds]));
  },

  async latestCap(chain) {
    try {
      const { items } = await wixData.query(DELIVERIES_COLLECTION).eq('chain', chain).descending('seq').limit(1).find(ADMIN);
      const first = items[0] as RecordItem | undefined;
      const record = first ? fromRecordItem(first) : undefined;
      return record?.kind === 'cap' ? record : undefined;
    } catch (error) {
      throw translateWixError(error, `query ${DELIVERIES_COLLECTION}`);
    }
  },
};

type RecordItem = Omit<DeliveryRecord, 'id'> & { _id: string };

async function findAll(query: wixData.WixDataQuery): Promise<DeliveryRecord[]> {
  try {
    let page = await query.limit(1000).find(ADMIN);
    const found = [...(page.items as RecordItem[])];
    while (page.hasNext()) {
      page = await page.next();
      found.push(...(page.items as RecordItem[]));
    }
    return found.map(fromRecordItem);
  } catch (error) {
    throw translateWixError(error, `query ${DELIVERIES_COLLECTION}`);
  }
}

function fromRecordItem(item: RecordItem): DeliveryRecord {
  const { _id, ...rest } = item as RecordItem & Record<string, unknown>;
  delete rest._createdDate;
  delete rest._updatedDate;
  delete rest._owner;
  const at = rest.at instanceof Date ? rest.at : new Date(rest.at as unknown as string);
  return { ...rest, id: _id, at } as unknown as DeliveryRecord;
}

/**
 * Fixed windows, atomic under racing calls. Each allowed call owns one slot item `<key>:<window start>:<n>` (n = 1 …
 * limit) in the window's bucket; wix-data `insert` refuses an `_id` that exists, so two calls can never own the same
 * slot and at most `limit` calls per window are allowed, however many race. Slots fill from 1 upwards without gaps
 * (a call only tries slot n after finding slots 1 … n-1 taken), so counting the bucket tells where to start.
 * `expiresAt` lets a cleanup remove old buckets; nothing reads a past window.
 */
export function veloRateLimiter(now: () => Date): RateLimiter {
  return {
    async take(key, limit, windowMs) {
      const nowMs = now().getTime();
      const windowStart = Math.floor(nowMs / windowMs) * windowMs;
      const bucket = `${key}:${windowStart}`;
      const denied = { allowed: false, retryAfterMs: windowStart + windowMs - nowMs };
      let taken: number;
      try {
        taken = await wixData.query(RATE_LIMITS_COLLECTION).eq('bucket', bucket).count(ADMIN);
      } catch (error) {
        throw translateWixError(error, `query ${RATE_LIMITS_COLLECTION}`);
      }
      const expiresAt = new Date(windowStart + windowMs);
      for (let n = taken + 1; n <= limit; n += 1) {
        try {
          await wixData.insert(RATE_LIMITS_COLLECTION, { _id: `${bucket}:${n}`, bucket, expiresAt }, ADMIN);
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

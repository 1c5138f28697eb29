import type { DeliveryLog, DeliveryRecord, RateLimiter } from '../inbox/ports';
import { MAX_CLOCK_SKEW_MS } from '../inbox/visitor-limits';
import { DELIVERIES_COLLECTION, RATE_LIMITS_COLLECTION } from './collections';
import type { Item, ItemQuery, ItemStore } from './item-store';
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

    async insert(record) {
      const { id, ...fields } = record;
      try {
        // insert fails when the _id exists: the one atomic "first writer wins" wix-data offers.
        await data.insert(DELIVERIES_COLLECTION, { _id: id, ...fields });
        return undefined;
      } catch (error) {
        if (!isDuplicateItem(error)) throw translateWixError(error, `claim in ${DELIVERIES_COLLECTION}`);
      }
      let there: Item | null;
      try {
        there = await data.get(DELIVERIES_COLLECTION, id);
      } catch (error) {
        throw translateWixError(error, `read ${DELIVERIES_COLLECTION}`);
      }
      // Removed again in between (a released cap): report the conflict as it was.
      return there ? toRecord(there) : record;
    },

    async insertMany(records) {
      if (records.length === 0) return [];
      if (records.length > PAGE_MAX) throw new RangeError(`insertMany takes at most ${PAGE_MAX} records per call`);
      let inserted: ReadonlySet<string>;
      let refused: readonly unknown[];
      try {
        const result = await data.bulkInsert(DELIVERIES_COLLECTION, records.map(({ id, ...fields }) => ({ _id: id, ...fields })));
        inserted = new Set(result.insertedItemIds);
        refused = result.errors;
      } catch (error) {
        // The call failed whole (or its answer was lost): each record answers as a single insert that threw.
        const failure = translateWixError(error, `claim in ${DELIVERIES_COLLECTION}`);
        return records.map(() => ({ status: 'rejected' as const, reason: failure }));
      }
      // Trusting only `insertedItemIds`: an existing _id is skipped by Velo's wix-data and by the SDK's client (which
      // drops WDE0074 from `errors`), and would be an error elsewhere; either way, what is stored under it is read back.
      const others = records.filter((r) => !inserted.has(r.id)).map((r) => r.id);
      const there = new Map<string, DeliveryRecord>();
      try {
        for (let start = 0; start < others.length; start += READ_CHUNK) {
          const part = others.slice(start, start + READ_CHUNK);
          const { items } = await data.query(DELIVERIES_COLLECTION).hasSome('_id', part).limit(part.length).find();
          for (const item of items) there.set(String(item._id), toRecord(item));
        }
      } catch (error) {
        const failure = translateWixError(error, `read ${DELIVERIES_COLLECTION}`);
        return records.map((r) => (inserted.has(r.id) ? { status: 'fulfilled' as const, value: undefined } : { status: 'rejected' as const, reason: failure }));
      }
      return records.map((record, index) => {
        if (inserted.has(record.id)) return { status: 'fulfilled' as const, value: undefined };
        const found = there.get(record.id);
        if (found) return { status: 'fulfilled' as const, value: found };
        // Neither written nor there: this item was refused.
        const own = refused.find((e) => (e as { originalIndex?: unknown } | null)?.originalIndex === index);
        return { status: 'rejected' as const, reason: translateWixError(own ?? new Error('delivery record neither inserted nor found'), `claim in ${DELIVERIES_COLLECTION}`) };
      });
    },

    ofIntents(keys) {
      return findRecords(data, keys, (part) => data.query(DELIVERIES_COLLECTION).hasSome('intentKey', part).hasSome('kind', ['attempt', 'result', 'message']));
    },

    ownersOf(messageIds) {
      return findRecords(data, messageIds, (part) => data.query(DELIVERIES_COLLECTION).hasSome('messageId', part));
    },

    async latestCap(chain) {
      try {
        const { items } = await data.query(DELIVERIES_COLLECTION).eq('chain', chain).descending('seq').limit(1).find();
        const record = items[0] ? toRecord(items[0]) : undefined;
        return record?.kind === 'cap' ? record : undefined;
      } catch (error) {
        throw translateWixError(error, `query ${DELIVERIES_COLLECTION}`);
      }
    },
  };
}

/** The most rows one wix-data query returns (and the most items one bulk call takes). */
const PAGE_MAX = 1000;
/** Record IDs per `hasSome` read back after a bulk insert. */
const READ_CHUNK = 100;

/**
 * Every record matching `query(values)`: one query when the answer fits a page; when a page comes back full, the
 * values are split in halves and asked again (the store's queries have no skip/cursor, and few records match).
 */
async function findRecords(data: ItemStore, values: readonly string[], query: (part: readonly string[]) => ItemQuery): Promise<DeliveryRecord[]> {
  if (values.length === 0) return [];
  let items: Item[];
  try {
    ({ items } = await query(values).limit(PAGE_MAX).find());
  } catch (error) {
    throw translateWixError(error, `query ${DELIVERIES_COLLECTION}`);
  }
  if (items.length < PAGE_MAX) return items.map(toRecord);
  if (values.length === 1) throw translateWixError(new Error(`more than ${PAGE_MAX} delivery records for one key`), `query ${DELIVERIES_COLLECTION}`);
  const half = Math.ceil(values.length / 2);
  return [...(await findRecords(data, values.slice(0, half), query)), ...(await findRecords(data, values.slice(half), query))];
}

function toRecord(item: Item): DeliveryRecord {
  const { _id, ...rest } = item;
  delete rest._createdDate;
  delete rest._updatedDate;
  delete rest._owner;
  const at = rest.at instanceof Date ? rest.at : new Date(rest.at as string);
  return { ...rest, id: String(_id), at } as unknown as DeliveryRecord;
}

/**
 * Sliding windows on wix-data, with `insert` of a fixed `_id` as the only exclusive step (design and proof:
 * docs/decisions/0005-sliding-window-rate-limits.md). Every allowed take of a key is a row `<key>:<seq>` numbered
 * 1, 2, 3 … without gaps. A take reads the key's highest `seq` and the rows taken within the last `windowMs`, then
 * inserts `seq + 1`: two takes that read the same state race for the same `_id` and exactly one wins; the loser knows
 * that one more row exists that it did not see (the one it collided with, just inserted) and counts it before trying
 * the next number. So every allowed take counted every row inserted before it, and no span of `windowMs` holds more
 * than `limit` rows that were not given back.
 *
 * Containers' clocks disagree by up to `MAX_CLOCK_SKEW_MS`: a take counts the rows stamped within `windowMs` plus that
 * bound before its own clock, so a row stamped by a container that runs behind still counts for as long as it could be
 * within the window in real time (and rows stamped ahead count until they age out, as there is no upper bound).
 *
 * A slot is named by its row and the instant it was taken (`<key>:<seq>:<at ms>`): numbering starts again once a
 * key's rows are removed, and the name of a slot is an idempotency key, which must never name an older send.
 *
 * A row given back is marked `released` by its taker (never deleted while it matters: a deleted number could be taken
 * again by a take that read an older state, and that take would not have counted the rows above it). Rows stay until
 * a day after their window ends (`expiresAt`), long past any take that could still read them; housekeeping removes
 * them then.
 */
export function itemRateLimiter(data: ItemStore, now: () => Date): RateLimiter {
  return {
    async take(key, limit, windowMs) {
      const at = now();
      const since = new Date(at.getTime() - windowMs - MAX_CLOCK_SKEW_MS);
      let newest: SlotRow | undefined;
      let counted: SlotRow[];
      try {
        // Both reads go out together: one round trip.
        const [top, recent] = await Promise.all([
          data.query(RATE_LIMITS_COLLECTION).eq('key', key).descending('seq').limit(1).find(),
          // No upper bound on `at`: a row stamped ahead of this clock (another container's) counts too.
          data.query(RATE_LIMITS_COLLECTION).eq('key', key).gt('at', since).ne('released', true).ascending('at').limit(Math.max(1, limit)).find(),
        ]);
        newest = top.items.map(toSlotRow)[0];
        counted = recent.items.map(toSlotRow);
      } catch (error) {
        throw translateWixError(error, `query ${RATE_LIMITS_COLLECTION}`);
      }
      let seq = (newest?.seq ?? 0) + 1;
      let unseen = 0;
      const newestCounted = counted.at(-1);
      let heldBy: string | undefined = newestCounted && slotName(newestCounted);
      let collidedWith: string | undefined;
      while (counted.length + unseen < limit) {
        const row: SlotRow = { _id: `${key}:${seq}`, key, seq, at, expiresAt: new Date(at.getTime() + windowMs + MAX_CLOCK_SKEW_MS + SLOT_KEEP_MS) };
        try {
          await data.insert(RATE_LIMITS_COLLECTION, { ...row });
          return { allowed: true, slot: slotName(row), giveBack: () => release(data, row) };
        } catch (error) {
          if (!isDuplicateItem(error)) throw translateWixError(error, `claim in ${RATE_LIMITS_COLLECTION}`);
        }
        // A take that read the same state won this number just now: count its row, try the next number.
        unseen += 1;
        collidedWith = row._id;
        seq += 1;
      }
      // Refused by a row this take never read: its name needs its stamp (only a race of takes comes here).
      if (collidedWith !== undefined) heldBy = await nameOfRow(data, collidedWith);
      const oldest = counted[0];
      const retryAfterMs = oldest ? Math.max(0, oldest.at.getTime() + windowMs + MAX_CLOCK_SKEW_MS - at.getTime()) : windowMs;
      return { allowed: false, retryAfterMs, heldBy: heldBy ?? `${key}:${seq}:${at.getTime()}` };
    },
  };
}

/** `<key>:<seq>:<at ms>`: unique for ever, although numbers are taken again once a key's old rows are removed. */
function slotName(row: SlotRow): string {
  return `${row._id}:${row.at.getTime()}`;
}

async function nameOfRow(data: ItemStore, id: string): Promise<string> {
  let item: Item | null;
  try {
    item = await data.get(RATE_LIMITS_COLLECTION, id);
  } catch (error) {
    throw translateWixError(error, `read ${RATE_LIMITS_COLLECTION}`);
  }
  // Just inserted by another take, and rows are kept a day past their window: never missing but for a bug.
  if (!item) throw translateWixError(new Error(`slot ${id} vanished right after it was taken`), `read ${RATE_LIMITS_COLLECTION}`);
  return slotName(toSlotRow(item));
}

/** A row stays this long after its window: far longer than any take that could still read it runs. */
const SLOT_KEEP_MS = 24 * 60 * 60 * 1000;

interface SlotRow {
  readonly _id: string;
  readonly key: string;
  readonly seq: number;
  readonly at: Date;
  readonly expiresAt: Date;
  readonly released?: true;
}

/** A stored slot row; the `at` a module reads back may be a Date or its ISO string. */
function toSlotRow(item: Record<string, unknown>): SlotRow {
  return {
    _id: String(item._id),
    key: String(item.key),
    seq: Number(item.seq),
    at: new Date(item.at as Date | string),
    expiresAt: new Date(item.expiresAt as Date | string),
    ...(item.released === true ? { released: true as const } : {}),
  };
}

async function release(data: ItemStore, row: SlotRow): Promise<void> {
  try {
    // Only the taker writes its own row, so this whole-row update overwrites nobody else's change.
    await data.update(RATE_LIMITS_COLLECTION, { ...row, released: true });
  } catch (error) {
    throw translateWixError(error, `release in ${RATE_LIMITS_COLLECTION}`);
  }
}

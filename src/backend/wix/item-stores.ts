import type { DeliveryLog, DeliveryRecord } from '../inbox/ports';
import { DELIVERIES_COLLECTION } from './collections';
import type { Item, ItemQuery, ItemStore } from './item-store';
import { isDuplicateItem, translateWixError } from './translate-error';

/**
 * Small state the module keeps between calls, in admin-only wix-data collections (backend containers are short-lived
 * and many: memory does not survive), on either family's wix-data module. The collections are listed in collections.ts.
 */
export function itemDeliveryLog(data: ItemStore): DeliveryLog {
  return {
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

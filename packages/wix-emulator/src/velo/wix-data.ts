/**
 * Emulated `wix-data` (legacy Velo module): insert, save, get, update, remove and query against the active emulated
 * site's data service (custom collections plus the Members app collections). Site code imports it either way:
 * `import wixData from 'wix-data'` or `import { query } from 'wix-data'`.
 */
import type * as WixData from 'wix-data';
import { activeSite } from '../kernel/active-site';
import type { DataOptions } from '../data/data';
import { DataQuery } from '../data/data-query-builder';

export const insert = (collectionId: string, item: unknown, options?: DataOptions) =>
  activeSite().data.insert(collectionId, item, options);

/**
 * `bulkInsert`: an item whose `_id` exists is skipped — counted in `skipped`, not in `errors`, not overwritten (the docs:
 * "Items are skipped if they include an _id property whose value matches an existing ID"; Wix's data client drops the
 * per-item WDE0074 from `errors` the same way). Other refused items are in `errors`, with `originalIndex` and `item`.
 */
export const bulkInsert = async (collectionId: string, items: unknown[], options?: DataOptions): Promise<WixData.WixDataBulkResult> => {
  const { results } = await activeSite().data.bulkInsert(collectionId, items, options);
  const inserted = results.flatMap((r) => (r.inserted ? [String(r.item._id)] : []));
  const errors = results.flatMap((r) =>
    !r.inserted && r.error.code !== 'WD_ITEM_ALREADY_EXISTS' ? [Object.assign(r.error, { originalIndex: r.originalIndex, item: items[r.originalIndex] })] : [],
  );
  return {
    inserted: inserted.length,
    updated: 0,
    skipped: results.length - inserted.length - errors.length,
    insertedItemIds: inserted,
    updatedItemIds: [],
    errors,
  };
};

/**
 * `bulkUpdate`: an item whose `_id` is not in the collection is skipped — counted in `skipped`, not in `errors`, never
 * inserted (the docs: "Items are skipped if they include an _id property whose value does not match an existing ID";
 * Wix's data client drops the per-item WDE0073 from `errors` the same way).
 */
export const bulkUpdate = async (collectionId: string, items: unknown[], options?: DataOptions): Promise<WixData.WixDataBulkResult> => {
  const { results } = await activeSite().data.bulkUpdate(collectionId, items, options);
  const updated = results.flatMap((r) => (r.updated ? [String(r.item._id)] : []));
  const errors = results.flatMap((r) =>
    !r.updated && r.error.code !== 'WD_ITEM_DOES_NOT_EXIST' ? [Object.assign(r.error, { originalIndex: r.originalIndex, item: items[r.originalIndex] })] : [],
  );
  return {
    inserted: 0,
    updated: updated.length,
    skipped: results.length - updated.length - errors.length,
    insertedItemIds: [],
    updatedItemIds: updated,
    errors,
  };
};

export const save = (collectionId: string, item: unknown, options?: DataOptions) =>
  activeSite().data.save(collectionId, item, options);

/** Resolves `null` when there is no such item (or the caller may not see it), as Wix does. */
export const get = (collectionId: string, itemId: string, options?: DataOptions) =>
  activeSite().data.get(collectionId, itemId, options);

export const update = (collectionId: string, item: unknown, options?: DataOptions) =>
  activeSite().data.update(collectionId, item, options);

export const remove = (collectionId: string, itemId: string, options?: DataOptions) =>
  activeSite().data.remove(collectionId, itemId, options);

export const query = (collectionId: string): WixData.WixDataQuery => {
  // Bound to the site active now, as a real query is bound to the site it was created on.
  const data = activeSite().data;
  return new DataQuery(
    {
      query: (spec, options) => data.query(spec, options),
      count: (spec, options) => data.count(spec, options),
      distinct: (spec, field, options) => data.distinct(spec, field, options),
    },
    collectionId,
  );
};

const wixData = { insert, bulkInsert, bulkUpdate, save, get, update, remove, query } satisfies Pick<
  typeof WixData,
  'insert' | 'bulkInsert' | 'bulkUpdate' | 'save' | 'get' | 'update' | 'remove' | 'query'
>;

export default wixData;

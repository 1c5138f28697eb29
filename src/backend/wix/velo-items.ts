import wixData from 'wix-data';
import { ADMIN, ADMIN_READ } from './collections';
import { wrapQuery, type ItemStore } from './item-store';
import { ITEM_NOT_FOUND_CODES, readWixFailure } from './wix-failure';

/**
 * Velo's `wix-data` as the stores' ItemStore. The collections are admin-only and only backend code reaches them, so every
 * call passes `suppressAuth` (Velo's way of acting as admin on a collection); every read also passes `consistentRead`
 * (collections.ts: each read here decides something, and wix-data reads are eventually consistent without it).
 */
export const veloItems: ItemStore = {
  insert: (collection, item) => wixData.insert(collection, item, ADMIN),
  bulkInsert: async (collection, items) => {
    const result = await wixData.bulkInsert(collection, [...items], ADMIN);
    return { insertedItemIds: result.insertedItemIds, errors: result.errors };
  },
  bulkUpdate: async (collection, items) => {
    const result = await wixData.bulkUpdate(collection, [...items], ADMIN);
    return { updatedItemIds: result.updatedItemIds, errors: result.errors };
  },
  get: async (collection, id) => ((await wixData.get(collection, id, ADMIN_READ)) as Record<string, unknown> | null) ?? null,
  update: (collection, item) => wixData.update(collection, item, ADMIN),
  save: (collection, item) => wixData.save(collection, item, ADMIN),
  remove: async (collection, id) => {
    try {
      return await wixData.remove(collection, id, ADMIN);
    } catch (error) {
      // As Wix's data client does for `remove` (it recovers WDE0073): an item that is not there is removed already.
      const { code } = readWixFailure(error);
      if (code !== undefined && ITEM_NOT_FOUND_CODES.has(code)) return null;
      throw error;
    }
  },
  query: (collection) =>
    wrapQuery(wixData.query(collection), {
      find: (query) => query.find(ADMIN_READ),
      count: (query) => query.count(ADMIN_READ),
    }),
};

import { CONSISTENT_READ } from '../wix/collections';
import { wrapQuery, type Item, type ItemStore } from '../wix/item-store';
import type { SdkModules } from './modules';

/**
 * `@wix/data` items as the stores' ItemStore. Who the calls act as is decided by the modules handed in: elevated in site
 * code, the API-key client in headless code. (The SDK has no `suppressAuth`.) Every read passes `consistentRead`: each
 * decides something, and Wix Data reads are eventually consistent without it (collections.ts).
 */
export function sdkItems(data: SdkModules['items']): ItemStore {
  return {
    insert: (collection, item) => data.insert(collection, item),
    bulkInsert: async (collection, items) => {
      const result = await data.bulkInsert(collection, [...items]);
      return { insertedItemIds: result.insertedItemIds, errors: result.errors };
    },
    bulkUpdate: async (collection, items) => {
      const result = await data.bulkUpdate(collection, [...items]);
      return { updatedItemIds: result.updatedItemIds, errors: result.errors };
    },
    get: async (collection, id) => ((await data.get(collection, id, CONSISTENT_READ)) as Item | null) ?? null,
    update: (collection, item) => data.update(collection, item),
    save: (collection, item) => data.save(collection, item),
    remove: (collection, id) => data.remove(collection, id),
    query: (collection) =>
      wrapQuery(data.query(collection), {
        find: (query) => query.find(CONSISTENT_READ),
        count: (query) => query.count(CONSISTENT_READ),
      }),
  };
}

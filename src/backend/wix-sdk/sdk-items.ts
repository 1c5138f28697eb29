import { wrapQuery, type Item, type ItemStore } from '../wix/item-store';
import type { SdkModules } from './modules';

/**
 * `@wix/data` items as the stores' ItemStore. Who the calls act as is decided by the modules handed in: elevated in site
 * code, the API-key client in headless code. (The SDK has no `suppressAuth`.)
 */
export function sdkItems(data: SdkModules['items']): ItemStore {
  return {
    insert: (collection, item) => data.insert(collection, item),
    get: async (collection, id) => ((await data.get(collection, id)) as Item | null) ?? null,
    update: (collection, item) => data.update(collection, item),
    save: (collection, item) => data.save(collection, item),
    remove: (collection, id) => data.remove(collection, id),
    query: (collection) =>
      wrapQuery(data.query(collection), {
        find: (query) => query.find(),
        count: (query) => query.count(),
      }),
  };
}

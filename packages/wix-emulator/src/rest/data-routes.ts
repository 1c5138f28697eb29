import { Hono } from 'hono';
import type { Site } from '../site';
import { dataErrors } from '../data/data-errors';
import type { Item } from '../data/data-filter';
import { DEFAULT_LIMIT } from '../data/data-query';
import { decodeItem, encodeItem } from '../data/data-state';
import { validationError } from '../kernel/wix-errors';
import { pagingOf } from './paging';
import { toWireError } from './wire-errors';
import { asObject, jsonBody, optionalObject, queryPayload } from './wire';
import { parseWireFilter, parseWireSort, toDataFilter } from './wire-filter';

/**
 * Wix Data items v2 (`@wix/data` `items`): insert, get, update, save, remove, bulk insert, bulk update, query, count. Item data
 * travels as `{ id, dataCollectionId, data }` with Dates as `{ "$date": "<ISO>" }` (Wix's data client decodes them);
 * field names inside `data` are the item's own (`_id`, `_createdDate`), never renamed.
 */
export function dataRoutes(site: Site): Hono {
  const app = new Hono();
  const wireItem = (collection: string, item: Item) => ({ id: item._id, dataCollectionId: collection, data: encodeItem(item) });

  app.post('/wix-data/v2/items', async (c) => {
    const { collection, item } = itemRequest(await jsonBody(c));
    return c.json({ dataItem: wireItem(collection, await site.data.insert(collection, item)) });
  });

  app.post('/wix-data/v2/items/update', async (c) => {
    const { collection, item } = itemRequest(await jsonBody(c));
    return c.json({ dataItem: wireItem(collection, await site.data.update(collection, item)) });
  });

  app.post('/wix-data/v2/items/save', async (c) => {
    const { collection, item } = itemRequest(await jsonBody(c));
    return c.json({ dataItem: wireItem(collection, await site.data.save(collection, item)) });
  });

  app.post('/wix-data/v2/items/remove', async (c) => {
    const body = await jsonBody(c);
    const collection = body.dataCollectionId as string;
    return c.json({ dataItem: wireItem(collection, await site.data.remove(collection, body.dataItemId as string)) });
  });

  app.post('/wix-data/v2/bulk/items/insert', async (c) => {
    const body = await jsonBody(c);
    const collection = body.dataCollectionId as string;
    if (!Array.isArray(body.dataItems)) throw validationError('dataItems', 'must be an array');
    const items = body.dataItems.map((entry, index) => itemOf(entry, `dataItems[${index}]`));
    // One call, as on Wix: journalled and faulted once; each item is inserted or refused alone (an existing _id: WDE0074).
    const outcome = await site.data.bulkInsert(collection, items);
    const results = outcome.results.map((r) => {
      if (r.inserted) return { action: 'INSERT', itemMetadata: { id: r.item._id, originalIndex: r.originalIndex, success: true }, dataItem: wireItem(collection, r.item) };
      const item = items[r.originalIndex];
      const application = toWireError(r.error).body.details?.applicationError as Record<string, unknown> | undefined;
      return {
        action: 'INSERT',
        itemMetadata: { ...(typeof item?._id === 'string' ? { id: item._id } : {}), originalIndex: r.originalIndex, success: false, error: application },
      };
    });
    const totalSuccesses = results.filter((r) => r.itemMetadata.success).length;
    return c.json({
      results,
      bulkActionMetadata: { totalSuccesses, totalFailures: results.length - totalSuccesses, undetailedFailures: 0 },
    });
  });

  app.post('/wix-data/v2/bulk/items/update', async (c) => {
    const body = await jsonBody(c);
    const collection = body.dataCollectionId as string;
    if (!Array.isArray(body.dataItems)) throw validationError('dataItems', 'must be an array');
    const items = body.dataItems.map((entry, index) => itemOf(entry, `dataItems[${index}]`));
    // One call, journalled and faulted once; each item is updated or refused alone (an _id not in the collection: WDE0073).
    const outcome = await site.data.bulkUpdate(collection, items);
    const results = outcome.results.map((r) => {
      if (r.updated) return { action: 'UPDATE', itemMetadata: { id: r.item._id, originalIndex: r.originalIndex, success: true }, dataItem: wireItem(collection, r.item) };
      const item = items[r.originalIndex];
      const application = toWireError(r.error).body.details?.applicationError as Record<string, unknown> | undefined;
      return {
        action: 'UPDATE',
        itemMetadata: { ...(typeof item?._id === 'string' ? { id: item._id } : {}), originalIndex: r.originalIndex, success: false, error: application },
      };
    });
    const totalSuccesses = results.filter((r) => r.itemMetadata.success).length;
    return c.json({
      results,
      bulkActionMetadata: { totalSuccesses, totalFailures: results.length - totalSuccesses, undetailedFailures: 0 },
    });
  });

  const query = async (payload: Record<string, unknown>) => {
    const collection = payload.dataCollectionId as string;
    const q = optionalObject(payload.query, 'query') ?? {};
    if (Array.isArray(q.fields) && q.fields.length > 0) throw validationError('query.fields', 'projections are not supported by the emulator');
    const { limit, offset } = pagingOf(q, DEFAULT_LIMIT);
    const filter = toDataFilter(parseWireFilter(q.filter));
    const page = await site.data.query({
      collection,
      ...(filter ? { filter } : {}),
      sort: parseWireSort(q.sort, (field) => field),
      limit,
      skip: offset,
      include: [],
      problems: [],
    }, readOptions(payload));
    return {
      dataItems: page.items.map((item) => wireItem(collection, item)),
      // `total` only when asked for (`returnTotalCount`, the client's `find({ returnTotalCount: true })`), as the v2
      // PagingMetadataV2 documents it; `hasNext` always: it is what the data client's `hasNext()` reads.
      pagingMetadata: {
        count: page.items.length,
        offset,
        ...(payload.returnTotalCount === true ? { total: page.total } : {}),
        tooManyToCount: false,
        hasNext: offset + page.items.length < page.total,
      },
    };
  };
  // The SDK sends queries as GET with the request packed in `.r`; the REST reference documents POST.
  app.get('/wix-data/v2/items/query', async (c) => c.json(await query(queryPayload(c))));
  app.post('/wix-data/v2/items/query', async (c) => c.json(await query(await jsonBody(c))));

  // After /items/query: a GET of an item must not swallow the query path.
  app.get('/wix-data/v2/items/:dataItemId', async (c) => {
    const collection = queryPayload(c).dataCollectionId as string;
    const itemId = c.req.param('dataItemId');
    const item = await site.data.get(collection, itemId, readOptions(queryPayload(c)));
    // The Velo module resolves null; the REST API answers WDE0073, which the SDK's `get` turns back into null.
    if (item === null) throw dataErrors.itemNotFound(itemId, collection);
    return c.json({ dataItem: wireItem(collection, item) });
  });

  app.post('/wix-data/v2/items/count', async (c) => {
    const body = await jsonBody(c);
    const filter = toDataFilter(parseWireFilter(body.filter, 'filter'));
    const totalCount = await site.data.count({
      collection: body.dataCollectionId as string,
      ...(filter ? { filter } : {}),
      sort: [],
      limit: DEFAULT_LIMIT,
      skip: 0,
      include: [],
      problems: [],
    }, readOptions(body));
    return c.json({ totalCount });
  });

  return app;
}

/** The data client sends `consistentRead` beside the request's other fields (a query-string value on a GET). */
function readOptions(payload: Record<string, unknown>): { consistentRead?: boolean } {
  return payload.consistentRead === true || payload.consistentRead === 'true' ? { consistentRead: true } : {};
}

function itemRequest(body: Record<string, unknown>): { collection: string; item: Item } {
  return { collection: body.dataCollectionId as string, item: itemOf(body.dataItem, 'dataItem') };
}

/** `{ id?, data }` → the item as site code would pass it: Dates decoded, `_id` from `id` when only that is given. */
function itemOf(value: unknown, field: string): Item {
  const entry = asObject(value, field);
  const data = decodeItem(asObject(entry.data ?? {}, `${field}.data`));
  if (entry.id !== undefined && data._id !== undefined && entry.id !== data._id) {
    throw validationError(`${field}.id`, 'must equal data._id');
  }
  return entry.id === undefined ? data : { ...data, _id: entry.id };
}

import type { CallContext } from '../kernel/caller';
import { APP_COLLECTIONS, checkAppQuery, type AppCollection, type AppCollectionSources } from './data-app-collections';
import { checkCollectionSpec, collectionExists, collectionMissing, toPermissions, toRoles, type DataCollectionView } from './data-collections';
import { dataErrors } from './data-errors';
import type { WixDataError } from '../kernel/wix-errors';
import { isDate, type Filter, type Item } from './data-filter';
import {
  accessFor,
  mayChooseOwner,
  ownerIdOf,
  type CollectionPermissions,
  type DataAction,
  type PermissionLevel,
} from './data-permissions';
import { ReadLag } from './read-lag';
import { checkSpec, pageOf, runDistinct, selectRanked, type QueryPage, type QuerySpec } from './data-query';
import { IndexedItems, rowCandidates, type Candidates } from './data-index';
import { cloneValue, decodeItem, encodeItem, type JsonItem } from './data-state';
import type { Kernel } from '../kernel/kernel';
import { currentPage } from '../kernel/rpc';

export type { AppCollectionSources } from './data-app-collections';
export type { CollectionPermissions, DataAction, PermissionLevel } from './data-permissions';

/** wix-data's `WixDataOptions` (+ `omitTotalCount` of `find()`); hooks are not emulated; `consistentRead` see read-lag.ts. */
export interface DataOptions {
  readonly suppressAuth?: boolean;
  readonly suppressHooks?: boolean;
  readonly consistentRead?: boolean;
  readonly omitTotalCount?: boolean;
}
const OPTION_KEYS = ['suppressAuth', 'suppressHooks', 'consistentRead', 'omitTotalCount'] as const;

export interface DefineCollectionOptions {
  /** Per action; unset actions get the CMS default for a new collection: read `Anyone`, writes `Admin`. */
  readonly permissions?: Partial<Record<DataAction, PermissionLevel>>;
}

export interface DataState {
  readonly collections: readonly {
    readonly name: string;
    readonly permissions: CollectionPermissions;
    readonly items: readonly JsonItem[];
  }[];
}

interface CustomCollection {
  readonly name: string;
  readonly permissions: CollectionPermissions;
  /** By `_id`, in insertion order (the order of an unsorted query), indexed on the fields queries filter by. */
  readonly items: IndexedItems;
}

/** wix-data bulk operations take at most this many items per call. */
const BULK_LIMIT = 1000;

/** How one item of a bulk insert went, at its index in the request. */
export type BulkInsertItemResult =
  | { readonly originalIndex: number; readonly inserted: true; readonly item: Item }
  | { readonly originalIndex: number; readonly inserted: false; readonly error: WixDataError };

export interface BulkInsertOutcome {
  readonly results: readonly BulkInsertItemResult[];
}

/** How one item of a bulk update went, at its index in the request. */
export type BulkUpdateItemResult =
  | { readonly originalIndex: number; readonly updated: true; readonly item: Item }
  | { readonly originalIndex: number; readonly updated: false; readonly error: WixDataError };

export interface BulkUpdateOutcome {
  readonly results: readonly BulkUpdateItemResult[];
}

type Target =
  | { readonly kind: 'custom'; readonly collection: CustomCollection }
  | { readonly kind: 'app'; readonly app: AppCollection };

/**
 * Wix Data (legacy `wix-data`): custom collections defined by tests, plus the Members app collections, whose rows come
 * from the members service at query time. Permissions are checked per collection and action (data-permissions.ts);
 * every failure is a wix-data error (data-errors.ts). Items go in and out as copies (`cloneValue`, Dates kept Dates).
 */
export class DataService {
  readonly #collections = new Map<string, CustomCollection>();
  readonly #collectionFields = new Map<string, { key: string; type: string; displayName?: string }[]>();
  /** How stale a read without `consistentRead` may be (custom collections; app collections are derived live). */
  readonly readLag = new ReadLag();

  constructor(
    private readonly kernel: Kernel,
    private readonly sources: AppCollectionSources,
  ) {}

  // ---- emulated operations -------------------------------------------------------------------------------------

  insert(collection: string, item: unknown, options?: DataOptions): Promise<Item> {
    return this.#operate('data.insert', [collection, item, options], options, (context, suppressAuth) => {
      checkCollectionName(collection);
      const given = checkItem(item, collection);
      if (given._id !== undefined && typeof given._id !== 'string') throw dataErrors.itemIdMustBeString();
      return cloneValue(this.#insert(this.#target(collection), given, context, suppressAuth));
    });
  }

  /**
   * One call inserting up to 1,000 items. The call fails whole for a caller without insert permission or a malformed
   * array; otherwise each item is inserted alone: one whose `_id` exists is skipped (never overwritten), the others go in.
   */
  bulkInsert(collection: string, items: unknown, options?: DataOptions): Promise<BulkInsertOutcome> {
    return this.#operate('data.bulkInsert', [collection, items, options], options, (context, suppressAuth) => {
      checkCollectionName(collection);
      if (!Array.isArray(items) || items.length === 0) throw dataErrors.bulkItemsInvalid(collection);
      if (items.length > BULK_LIMIT) throw dataErrors.bulkTooMany(collection);
      const given = items.map((item: unknown) => checkItem(item, collection));
      // An `_id` that is set must be a non-empty string (null or '' are refused, as the docs say).
      if (given.some((item) => '_id' in item && item._id !== undefined && (typeof item._id !== 'string' || item._id === ''))) {
        throw dataErrors.bulkItemsInvalid(collection);
      }
      const target = this.#target(collection);
      const { collection: custom } = this.#writable(target, 'insert');
      if (!accessFor(custom.permissions.insert, context, suppressAuth)) throw dataErrors.permissionDenied('insert', collection);
      const results = given.map((item, originalIndex): BulkInsertItemResult => {
        if (typeof item._id === 'string' && custom.items.has(item._id)) {
          return { originalIndex, inserted: false, error: dataErrors.itemAlreadyExists(item._id, collection) };
        }
        return { originalIndex, inserted: true, item: cloneValue(this.#insert(target, item, context, suppressAuth)) };
      });
      return { results };
    });
  }

  /**
   * One call replacing up to 1,000 items whole, each by its `_id`. The call fails whole for a caller without update
   * permission or a malformed array; otherwise each item is updated alone: one whose `_id` is not in the collection is
   * refused (WDE0073; the docs: "Items are skipped if they include an _id property whose value does not match an
   * existing ID"), never inserted.
   */
  bulkUpdate(collection: string, items: unknown, options?: DataOptions): Promise<BulkUpdateOutcome> {
    return this.#operate('data.bulkUpdate', [collection, items, options], options, (context, suppressAuth) => {
      checkCollectionName(collection);
      if (!Array.isArray(items) || items.length === 0) throw dataErrors.bulkItemsInvalid(collection);
      if (items.length > BULK_LIMIT) throw dataErrors.bulkTooMany(collection);
      const given = items.map((item: unknown) => checkItem(item, collection));
      if (given.some((item) => typeof item._id !== 'string' || item._id === '')) throw dataErrors.bulkItemsInvalid(collection);
      const target = this.#target(collection);
      const { collection: custom } = this.#writable(target, 'update');
      if (!accessFor(custom.permissions.update, context, suppressAuth)) throw dataErrors.permissionDenied('update', collection);
      const results = given.map((item, originalIndex): BulkUpdateItemResult => {
        const id = item._id as string;
        if (!custom.items.has(id)) return { originalIndex, updated: false, error: dataErrors.itemNotFound(id, collection) };
        return { originalIndex, updated: true, item: cloneValue(this.#update(target, item, context, suppressAuth)) };
      });
      return { results };
    });
  }

  /** Inserts, or replaces the item with the same `_id` (with update permission) when there is one. */
  save(collection: string, item: unknown, options?: DataOptions): Promise<Item> {
    return this.#operate('data.save', [collection, item, options], options, (context, suppressAuth) => {
      checkCollectionName(collection);
      const given = checkItem(item, collection);
      if (given._id !== undefined && typeof given._id !== 'string') throw dataErrors.itemIdMustBeString();
      const target = this.#target(collection);
      const exists = target.kind === 'custom' && typeof given._id === 'string' && target.collection.items.has(given._id);
      const write = exists ? this.#update.bind(this) : this.#insert.bind(this);
      return cloneValue(write(target, given, context, suppressAuth));
    });
  }

  /** Resolves `null` for a missing item, or one the caller may not see (a `SiteMemberAuthor` item of someone else). */
  get(collection: string, itemId: string, options?: DataOptions): Promise<Item | null> {
    return this.#operate('data.get', [collection, itemId, options], options, (context, suppressAuth) => {
      checkCollectionName(collection);
      if (typeof itemId !== 'string') throw dataErrors.itemIdMustBeString();
      const target = this.#target(collection);
      const visible = this.#visibility(target, context, suppressAuth);
      const byId: Filter = { op: 'eq', field: '_id', value: itemId };
      const found = this.#candidates(target, byId, options)
        .groups.flatMap((group) => Array.from(group, (c) => c.item))
        .find((i) => i._id === itemId && (visible?.(i) ?? true));
      return found === undefined ? null : cloneValue(found);
    });
  }

  /** Replaces the whole item (fields left out are gone); `_owner` and `_createdDate` are kept. */
  update(collection: string, item: unknown, options?: DataOptions): Promise<Item> {
    return this.#operate('data.update', [collection, item, options], options, (context, suppressAuth) => {
      checkCollectionName(collection);
      const given = checkItem(item, collection);
      if (typeof given._id !== 'string') throw dataErrors.updateNeedsId();
      return cloneValue(this.#update(this.#target(collection), given, context, suppressAuth));
    });
  }

  remove(collection: string, itemId: string, options?: DataOptions): Promise<Item> {
    return this.#operate('data.remove', [collection, itemId, options], options, (context, suppressAuth) => {
      checkCollectionName(collection);
      if (typeof itemId !== 'string') throw dataErrors.itemIdMustBeString();
      const target = this.#writable(this.#target(collection), 'remove');
      const existing = this.#existingFor(target, itemId, 'remove', context, suppressAuth);
      target.collection.items.delete(itemId);
      this.readLag.wrote(target.collection.name, itemId, existing, this.kernel.clock.nowMs());
      return cloneValue(existing);
    });
  }

  /** `query(...).find()`: the page the spec asks for, and the number of matching items. */
  query(spec: QuerySpec, options?: DataOptions): Promise<QueryPage> {
    return this.#operate('data.query', [spec, options], options, (context, suppressAuth) => {
      checkCollectionName(spec.collection);
      checkSpec(spec);
      const target = this.#target(spec.collection);
      if (target.kind === 'app') checkAppQuery(target.app, spec);
      // Only the page is copied out.
      const visible = this.#visibility(target, context, suppressAuth);
      return cloneValue(pageOf(this.#candidates(target, spec.filter, options), visible, spec));
    });
  }

  count(spec: QuerySpec, options?: DataOptions): Promise<number> {
    return this.#operate('data.count', [spec, options], options, (context, suppressAuth) => {
      checkCollectionName(spec.collection);
      checkSpec({ ...spec, include: [] });
      const target = this.#target(spec.collection);
      if (target.kind === 'app') checkAppQuery(target.app, { filter: spec.filter, sort: [], limit: 1 });
      return this.#matching(target, context, suppressAuth, spec.filter, options).length;
    });
  }

  distinct(spec: QuerySpec, field: string, options?: DataOptions): Promise<QueryPage<unknown>> {
    return this.#operate('data.distinct', [spec, field, options], options, (context, suppressAuth) => {
      checkCollectionName(spec.collection);
      checkSpec(spec);
      const target = this.#target(spec.collection);
      if (target.kind === 'app') checkAppQuery(target.app, spec);
      return cloneValue(runDistinct(this.#matching(target, context, suppressAuth, spec.filter, options), spec, field));
    });
  }

  // ---- Data Collections API (wix-data.v2 collections): admin-level ---------------------------------------------------

  /** `collections.createDataCollection`: a custom collection with the given roles; fields are recorded, not enforced. */
  createDataCollection(spec: unknown): Promise<DataCollectionView> {
    return this.kernel.operate('data.createDataCollection', [spec], { access: 'admin', errorStyle: 'v2' }, () => {
      const checked = checkCollectionSpec(spec);
      if (this.#collections.has(checked._id) || APP_COLLECTIONS.has(checked._id)) throw collectionExists(checked._id);
      this.#collections.set(checked._id, { name: checked._id, permissions: toPermissions(checked.permissions), items: new IndexedItems() });
      this.#collectionFields.set(checked._id, checked.fields.map((f) => ({ ...f })));
      return this.#view(checked._id, checked.displayName);
    });
  }

  /** `collections.getDataCollection`: 404 for a collection that does not exist. */
  getDataCollection(id: string): Promise<DataCollectionView> {
    return this.kernel.operate('data.getDataCollection', [id], { access: 'admin', errorStyle: 'v2' }, () => {
      if (APP_COLLECTIONS.has(id)) return { _id: id, displayName: id, collectionType: 'WIX_APP' as const, fields: [], permissions: toRoles({ read: 'Admin', insert: 'None', update: 'None', remove: 'None' }) };
      if (!this.#collections.has(id)) throw collectionMissing(id);
      return this.#view(id);
    });
  }

  #view(id: string, displayName?: string): DataCollectionView {
    const collection = this.#collections.get(id) as CustomCollection;
    const fields = (this.#collectionFields.get(id) ?? []).map((f) => ({ ...f }));
    return { _id: id, displayName: displayName ?? id, collectionType: 'NATIVE', fields, permissions: toRoles(collection.permissions) };
  }

  // ---- test controls -------------------------------------------------------------------------------------------

  /** Creates a custom collection, as the site owner does in the CMS. */
  defineCollection(name: string, options: DefineCollectionOptions = {}): void {
    if (this.#collections.has(name) || APP_COLLECTIONS.has(name)) throw new Error(`Collection ${name} already exists`);
    const given = options.permissions ?? {};
    const permissions: CollectionPermissions = {
      read: given.read ?? 'Anyone',
      insert: given.insert ?? 'Admin',
      update: given.update ?? 'Admin',
      remove: given.remove ?? 'Admin',
    };
    this.#collections.set(name, { name, permissions, items: new IndexedItems() });
  }

  /** Adds items as if they had always been there: system fields filled in (an explicit `_owner` kept), no journal. */
  seedItems(name: string, items: readonly Record<string, unknown>[]): Item[] {
    const collection = this.#requireCustom(name);
    return items.map((item) => {
      const id = typeof item._id === 'string' && item._id !== '' ? item._id : this.kernel.guid();
      if (collection.items.has(id)) throw new Error(`Item ${id} already exists in ${name}`);
      const now = this.kernel.clock.now();
      const stored: Item = { ...cloneValue(item), _id: id, _createdDate: now, _updatedDate: new Date(now) };
      collection.items.set(id, stored);
      return cloneValue(stored);
    });
  }

  /** Every item of a collection (app collections: their current rows), as copies. */
  inspectCollection(name: string): Item[] {
    const app = APP_COLLECTIONS.get(name);
    if (app) return cloneValue([...app.rows(this.sources)]);
    return cloneValue([...this.#requireCustom(name).items.values()]);
  }

  /**
   * How many items of a custom collection match `filter` (every item without one), counted in place: no copy, no
   * journal entry, answered from the field indexes like a query. For harnesses that watch a large collection often.
   */
  countItems(name: string, filter?: Filter): number {
    const target = this.#target(name);
    return selectRanked(this.#candidates(target, filter)).length;
  }

  exportState(): DataState {
    return {
      collections: [...this.#collections.values()].map(({ name, permissions, items }) => ({
        name,
        permissions: { ...permissions },
        items: [...items.values()].map(encodeItem),
      })),
    };
  }

  importState(state: DataState): void {
    this.readLag.clear();
    this.#collections.clear();
    this.#collectionFields.clear();
    for (const { name, permissions, items } of state.collections) {
      const map = new IndexedItems();
      for (const item of items) {
        const decoded = decodeItem(item);
        map.set(String(decoded._id), decoded);
      }
      this.#collections.set(name, { name, permissions: { ...permissions }, items: map });
    }
  }

  // ---- internals -----------------------------------------------------------------------------------------------

  #operate<T>(
    operation: string,
    args: readonly unknown[],
    options: DataOptions | undefined,
    impl: (context: CallContext, suppressAuth: boolean) => T,
  ): Promise<T> {
    // suppressAuth is backend-only: from page code it does not lift the collection's permissions.
    const suppressAuth = isObject(options) && options.suppressAuth === true && currentPage() === undefined;
    return this.kernel.operate(operation, args, { access: 'anyone', suppressAuth, errorStyle: 'data' }, (context) => {
      checkOptions(options);
      return impl(context, suppressAuth);
    });
  }

  #target(name: string): Target {
    const app = APP_COLLECTIONS.get(name);
    if (app) return { kind: 'app', app };
    const collection = this.#collections.get(name);
    if (!collection) throw dataErrors.collectionNotFound(name);
    return { kind: 'custom', collection };
  }

  #requireCustom(name: string): CustomCollection {
    const collection = this.#collections.get(name);
    if (!collection) throw new Error(`No custom collection ${name}: call defineCollection first`);
    return collection;
  }

  /** The items the caller may read that match `filter`, in collection order (not copied: the caller copies out). */
  #matching(target: Target, context: CallContext, suppressAuth: boolean, filter: Filter | undefined, options?: DataOptions): Item[] {
    const visible = this.#visibility(target, context, suppressAuth);
    return selectRanked(this.#candidates(target, filter, options), visible);
  }

  /**
   * Which items the caller may read: all of them (`undefined`), or only their own (`SiteMemberAuthor`). A caller with
   * no read access at all is refused.
   */
  #visibility(target: Target, context: CallContext, suppressAuth: boolean): ((item: Item) => boolean) | undefined {
    const permissions = target.kind === 'app' ? target.app.permissions : target.collection.permissions;
    const name = target.kind === 'app' ? target.app.name : target.collection.name;
    const access = accessFor(permissions.read, context, suppressAuth);
    if (!access) throw dataErrors.permissionDenied('read', name);
    if (access.scope === 'all') return undefined;
    const ownerField = target.kind === 'app' ? target.app.ownerField : '_owner';
    return (item) => item[ownerField] === access.ownerId;
  }

  /**
   * Where `filter` can match, each item with its place in collection order, and what is left to test there: the
   * items the `_id`s or field values it requires find through the indexes (data-index.ts), or else every item. App
   * collections' rows come from their source; a source that caches its rows gets them indexed too.
   */
  #candidates(target: Target, filter: Filter | undefined, options?: DataOptions): Candidates {
    if (target.kind === 'app') return rowCandidates(target.app.rows(this.sources), filter);
    if (this.readLag.applies(options)) {
      // A lagging replica: its stale versions are in no index (the indexes hold what is stored now), so the whole view
      // is tested against the whole filter.
      const stored = target.collection.items.select(undefined).groups.flatMap((group) => Array.from(group, (c) => c.item));
      const view = [...this.readLag.view(target.collection.name, stored, this.kernel.clock.nowMs())];
      return { groups: [view.map((item, ordinal) => ({ item, ordinal }))], filter };
    }
    return target.collection.items.select(filter);
  }

  /** App collections are read-only for everybody, whatever the options. */
  #writable(target: Target, action: Exclude<DataAction, 'read'>): Extract<Target, { kind: 'custom' }> {
    if (target.kind === 'app') throw dataErrors.permissionDenied(action, target.app.name);
    return target;
  }

  #insert(target: Target, given: Item, context: CallContext, suppressAuth: boolean): Item {
    const { collection } = this.#writable(target, 'insert');
    if (!accessFor(collection.permissions.insert, context, suppressAuth)) {
      throw dataErrors.permissionDenied('insert', collection.name);
    }
    const id = typeof given._id === 'string' && given._id !== '' ? given._id : this.kernel.guid();
    if (collection.items.has(id)) throw dataErrors.itemAlreadyExists(id, collection.name);
    const owner =
      mayChooseOwner(context, suppressAuth) && typeof given._owner === 'string' ? given._owner : ownerIdOf(context);
    const now = this.kernel.clock.now();
    const stored: Item = { ...cloneValue(given), _id: id, _owner: owner, _createdDate: now, _updatedDate: new Date(now) };
    if (owner === undefined) delete stored._owner;
    collection.items.set(id, stored);
    this.readLag.wrote(collection.name, id, undefined, now.getTime());
    return stored;
  }

  #update(target: Target, given: Item, context: CallContext, suppressAuth: boolean): Item {
    const custom = this.#writable(target, 'update');
    const id = given._id as string;
    const existing = this.#existingFor(custom, id, 'update', context, suppressAuth);
    const owner =
      mayChooseOwner(context, suppressAuth) && typeof given._owner === 'string' ? given._owner : existing._owner;
    const stored: Item = {
      ...cloneValue(given),
      _id: id,
      _owner: owner,
      _createdDate: existing._createdDate,
      _updatedDate: this.kernel.clock.now(),
    };
    if (owner === undefined) delete stored._owner;
    custom.collection.items.set(id, stored);
    this.readLag.wrote(custom.collection.name, id, existing, this.kernel.clock.nowMs());
    return stored;
  }

  /** The stored item a write targets, after the caller's permission for it: level first, then authorship. */
  #existingFor(
    target: Extract<Target, { kind: 'custom' }>,
    itemId: string,
    action: 'update' | 'remove',
    context: CallContext,
    suppressAuth: boolean,
  ): Item {
    const { collection } = target;
    const access = accessFor(collection.permissions[action], context, suppressAuth);
    if (!access) throw dataErrors.permissionDenied(action, collection.name);
    const existing = collection.items.get(itemId);
    if (!existing) throw dataErrors.itemNotFound(itemId, collection.name);
    if (access.scope === 'own' && existing._owner !== access.ownerId) {
      throw dataErrors.permissionDenied(action, collection.name);
    }
    return existing;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !isDate(value);
}

function checkCollectionName(name: unknown): void {
  if (typeof name !== 'string') throw dataErrors.collectionNameMustBeString();
}

function checkItem(item: unknown, collection: string): Item {
  if (!isObject(item)) throw dataErrors.itemMustBeObject(item, collection);
  return item;
}

/** Options must be an object of the documented boolean flags (WDE0018), as Wix's client checks. */
function checkOptions(options: unknown): void {
  if (options === undefined) return;
  const valid =
    isObject(options) &&
    Object.entries(options).every(
      ([key, value]) => (OPTION_KEYS as readonly string[]).includes(key) && (value === undefined || typeof value === 'boolean'),
    );
  if (!valid) throw dataErrors.optionsInvalid(OPTION_KEYS);
}

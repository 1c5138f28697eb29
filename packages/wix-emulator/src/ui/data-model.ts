import type { Site, SiteState } from '../index';

/** What the data browser shows: the contacts, the members, or one wix-data collection (by its name). */
export type DataSource = { readonly kind: 'contacts' } | { readonly kind: 'members' } | { readonly kind: 'collection'; readonly name: string };

/** A stored record as the site's exported state holds it (wix-data Dates as `{ "$date": ISO }`). */
export type StoredRecord = Readonly<Record<string, unknown>>;

export interface SourceSummary {
  readonly source: DataSource;
  /** The source as a URL parameter: `contacts`, `members`, `collection:Orders`. */
  readonly key: string;
  readonly label: string;
  readonly count: number;
}

/** A record edit the site cannot take (bad JSON, a changed `_id`, a state the services refuse). */
export class DataEditError extends Error {
  override readonly name = 'DataEditError';
}

export function sourceKey(source: DataSource): string {
  return source.kind === 'collection' ? `collection:${source.name}` : source.kind;
}

export function parseSource(key: string): DataSource | undefined {
  if (key === 'contacts' || key === 'members') return { kind: key };
  if (key.startsWith('collection:') && key.length > 'collection:'.length) return { kind: 'collection', name: key.slice('collection:'.length) };
  return undefined;
}

/** Every source with its size: contacts, members, then each collection by name. */
export function dataSources(state: SiteState): SourceSummary[] {
  const collections = [...state.data.collections].sort((a, b) => a.name.localeCompare(b.name));
  const sources: DataSource[] = [{ kind: 'contacts' }, { kind: 'members' }, ...collections.map((c): DataSource => ({ kind: 'collection', name: c.name }))];
  return sources.map((source) => ({
    source,
    key: sourceKey(source),
    label: source.kind === 'collection' ? source.name : source.kind === 'contacts' ? 'Contacts' : 'Members',
    count: recordsOf(state, source)?.length ?? 0,
  }));
}

/** The records of a source, as stored; `undefined` when the source does not exist. */
export function recordsOf(state: SiteState, source: DataSource): readonly StoredRecord[] | undefined {
  if (source.kind === 'contacts') return state.contacts.contacts as unknown as StoredRecord[];
  if (source.kind === 'members') return state.members.members as unknown as StoredRecord[];
  return state.data.collections.find((c) => c.name === source.name)?.items;
}

/** The records whose stored JSON contains `query` (any case, any field); all of them for an empty query. */
export function searchRecords(records: readonly StoredRecord[], query: string): StoredRecord[] {
  const wanted = query.trim().toLowerCase();
  if (wanted === '') return [...records];
  return records.filter((record) => JSON.stringify(record).toLowerCase().includes(wanted));
}

export function recordId(record: StoredRecord): string {
  return typeof record._id === 'string' ? record._id : String(record._id ?? '');
}

/**
 * Replaces one record by its `_id` and loads the site from the changed state, as a developer edits a row in the
 * Firebase emulator's data browser. The services check the state as they load it; if they refuse it, the site is put
 * back as it was and the refusal is the error.
 */
export function replaceRecord(site: Site, source: DataSource, id: string, json: string): void {
  const record = parseRecord(json);
  if (record._id !== id) throw new DataEditError(`The _id stays ${id}: edit another record to change that one.`);
  changeRecords(site, source, (records) => {
    const index = records.findIndex((r) => recordId(r) === id);
    if (index < 0) throw new DataEditError(`No record ${id} in ${sourceKey(source)}.`);
    records[index] = record;
  });
}

/** Adds an item to a collection, as a row typed into the CMS: it needs an `_id` of its own. */
export function addItem(site: Site, source: DataSource, json: string): string {
  if (source.kind !== 'collection') throw new DataEditError('Contacts and members are added by the site (a form, a sign-up), not here.');
  const record = parseRecord(json);
  if (typeof record._id !== 'string' || record._id === '') throw new DataEditError('An item needs an _id (a non-empty string).');
  const id = record._id;
  changeRecords(site, source, (records) => {
    if (records.some((r) => recordId(r) === id)) throw new DataEditError(`${sourceKey(source)} has an item ${id} already.`);
    records.push(record);
  });
  return id;
}

/** Removes an item from a collection (contacts and members stay: removing them is not emulated). */
export function removeItem(site: Site, source: DataSource, id: string): void {
  if (source.kind !== 'collection') throw new DataEditError('Contacts and members cannot be removed here: the emulator has no delete for them.');
  changeRecords(site, source, (records) => {
    const index = records.findIndex((r) => recordId(r) === id);
    if (index < 0) throw new DataEditError(`No record ${id} in ${sourceKey(source)}.`);
    records.splice(index, 1);
  });
}

function parseRecord(json: string): StoredRecord {
  let record: unknown;
  try {
    record = JSON.parse(json);
  } catch (error) {
    throw new DataEditError(`Not JSON: ${(error as Error).message}`);
  }
  if (record === null || typeof record !== 'object' || Array.isArray(record)) throw new DataEditError('A record is a JSON object.');
  return record as StoredRecord;
}

/** Changes a source's records in a copy of the state and loads it; a state the services refuse leaves the site as it was. */
function changeRecords(site: Site, source: DataSource, change: (records: StoredRecord[]) => void): void {
  const before = site.exportState();
  const changed = structuredClone(before);
  const records = recordsOf(changed, source) as StoredRecord[] | undefined;
  if (!records) throw new DataEditError(`There is no ${sourceKey(source)} on this site.`);
  change(records);
  try {
    site.importState(changed);
  } catch (error) {
    site.importState(before);
    throw new DataEditError(`The site refused the change: ${(error as Error).message}`);
  }
}

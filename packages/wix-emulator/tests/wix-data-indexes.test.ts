import { compileFilter, sortItems, type Filter, type Item, type SortKey } from '../src/data/data-filter';
import type { QuerySpec } from '../src/data/data-query';
import { Random } from '../src/kernel/random';
import type { Site } from '../src/site';
import { controlsFor } from '../src';
import { callers, startSite } from '../src/testing';

// Queries answer from field indexes once a field has been filtered by `eq` / `hasSome`, kept current on every write.
// Whatever the collection, the writes and the filter, the answer must be the one testing every item gives:
// the same items, in the same order, on the same page, with the same total.

const SEEDS = 40;
const STATUSES = ['open', 'closed', 'Open', '1', '', 'pending'];
const DAYS = [0, 1, 2].map((d) => new Date(Date.UTC(2026, 0, 1 + d)));

/** A value as site data holds them: strings, numbers that look like the strings, booleans, Dates, nothing, Arrays. */
function value(random: Random): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random.next() * list.length)] as T;
  const roll = random.next();
  if (roll < 0.4) return pick(STATUSES);
  if (roll < 0.5) return pick([1, 2, 0]);
  if (roll < 0.55) return pick([true, false]);
  if (roll < 0.65) return new Date(pick(DAYS).getTime());
  if (roll < 0.7) return null;
  if (roll < 0.75) return undefined;
  if (roll < 0.8) return { nested: pick(STATUSES) };
  return Array.from({ length: Math.floor(random.next() * 3) }, () => (random.next() < 0.8 ? pick(STATUSES) : pick([1, true])));
}

function item(random: Random, id?: string): Item {
  const fields: Item = { status: value(random), tags: value(random), rank: Math.floor(random.next() * 4), meta: { kind: value(random) } };
  if (random.next() < 0.2) delete fields.status;
  if (id !== undefined) fields._id = id;
  return fields;
}

const FIELDS = ['status', 'tags', 'meta.kind', 'rank'];

/** `_id`s some items have: the seeded ones are GUIDs, these are the ones `write` gives. */
const IDS = ['i1', 'i2', 'i3', 's4', 's5', 'b6', 'b7', 'missing', 1];

function filter(random: Random, depth = 0): Filter {
  const field = FIELDS[Math.floor(random.next() * FIELDS.length)] as string;
  const roll = random.next();
  if (roll < 0.05) return { op: 'eq', field: '_id', value: IDS[Math.floor(random.next() * IDS.length)] };
  if (roll < 0.1) return { op: 'hasSome', field: '_id', values: IDS.filter(() => random.next() < 0.6) };
  if (depth < 2 && roll < 0.3) return { op: 'and', filters: [filter(random, depth + 1), filter(random, depth + 1)] };
  if (depth < 2 && roll < 0.4) return { op: 'or', filters: [filter(random, depth + 1), filter(random, depth + 1)] };
  if (depth < 2 && roll < 0.44) return { op: 'not', filter: filter(random, depth + 1) };
  if (roll < 0.65) return { op: 'eq', field, value: value(random) };
  // Up to 16 values: past 8 buckets the index sorts them together instead of merging them pairwise.
  const many = random.next() < 0.2 ? 16 : 3;
  if (roll < 0.85) return { op: 'hasSome', field, values: Array.from({ length: 1 + Math.floor(random.next() * many) }, () => value(random)) };
  if (roll < 0.9) return { op: 'ne', field, value: value(random) };
  return { op: 'ge', field, value: value(random) };
}

function sort(random: Random): SortKey[] {
  return Array.from({ length: Math.floor(random.next() * 3) }, () => ({
    field: FIELDS[Math.floor(random.next() * FIELDS.length)] as string,
    order: random.next() < 0.5 ? ('asc' as const) : ('desc' as const),
  }));
}

function spec(random: Random): QuerySpec {
  return {
    collection: 'Things',
    filter: filter(random),
    sort: sort(random),
    limit: 1 + Math.floor(random.next() * 12),
    skip: Math.floor(random.next() * 6),
    include: [],
    problems: [],
  };
}

/** Every item of `rows` the filter holds for, tested one by one in collection order. */
const scanned = (rows: Item[], filter: Filter | undefined): Item[] => rows.filter(compileFilter(filter));

/** What a scan answers: every item tested in collection order, sorted in full, then the page cut. */
function scan(site: Site, query: QuerySpec): { ids: unknown[]; total: number } {
  const matching = scanned(site.data.inspectCollection('Things'), query.filter);
  const page = sortItems(matching, query.sort).slice(query.skip, query.skip + query.limit);
  return { ids: page.map((i) => i._id), total: matching.length };
}

async function indexed(site: Site, query: QuerySpec): Promise<{ ids: unknown[]; total: number }> {
  const page = await site.as(callers.admin(), () => site.data.query(query));
  return { ids: page.items.map((i) => i._id), total: page.total };
}

/** One random write through the emulated API (or a state round trip), as site code and tests make them. */
async function write(site: Site, random: Random, n: number): Promise<void> {
  const ids = site.data.inspectCollection('Things').map((i) => String(i._id));
  const some = (): string => ids[Math.floor(random.next() * ids.length)] ?? 'none';
  const roll = random.next();
  await site.as(callers.admin(), async () => {
    if (roll < 0.3) await site.data.insert('Things', item(random, random.next() < 0.5 ? `i${n}` : undefined));
    else if (roll < 0.35) await site.data.insert('Things', item(random, IDS[Math.floor(random.next() * 8)] as string)).catch(() => undefined);
    else if (roll < 0.55 && ids.length > 0) await site.data.update('Things', item(random, some()));
    else if (roll < 0.65 && ids.length > 0) await site.data.save('Things', item(random, some()));
    else if (roll < 0.75) await site.data.save('Things', item(random, `s${n}`));
    else if (roll < 0.88 && ids.length > 0) await site.data.remove('Things', some());
    else if (roll < 0.95) await site.data.bulkInsert('Things', [item(random), item(random, some()), item(random, `b${n}`)]);
    else site.importState(site.exportState());
  });
}

describe('wix-data queries answered from field indexes', () => {
  it('give the answer a scan gives — items, order, page and total — across random collections, writes and filters', async () => {
    for (let seed = 1; seed <= SEEDS; seed += 1) {
      const random = new Random(seed);
      const site = startSite({ seed });
      site.data.defineCollection('Things');
      site.data.seedItems('Things', Array.from({ length: Math.floor(random.next() * 40) }, () => item(random)));
      for (let step = 0; step < 40; step += 1) {
        const query = spec(random);
        expect({ seed, step, query, answer: await indexed(site, query) }).toEqual({ seed, step, query, answer: scan(site, query) });
        await write(site, random, step);
      }
    }
  });

  it('follow a reset and an imported state: no item of the old state is found, every item of the new one is', async () => {
    const site = startSite();
    site.data.defineCollection('Things');
    site.data.seedItems('Things', [{ _id: 'a', status: 'open' }, { _id: 'b', status: 'open' }]);
    const open: QuerySpec = { collection: 'Things', filter: { op: 'eq', field: 'status', value: 'open' }, sort: [], limit: 50, skip: 0, include: [], problems: [] };
    expect((await indexed(site, open)).ids).toEqual(['a', 'b']);

    const saved = site.exportState();
    await controlsFor(site).reset();
    site.data.defineCollection('Things');
    site.data.seedItems('Things', [{ _id: 'c', status: 'open' }]);
    expect((await indexed(site, open)).ids).toEqual(['c']);

    site.importState(saved);
    expect((await indexed(site, open)).ids).toEqual(['a', 'b']);
  });

  it('answer queries of Members/PrivateMembersData as a scan of its rows does, new members included', async () => {
    const site = startSite();
    const controls = controlsFor(site);
    const members = Array.from({ length: 30 }, (_, i) => controls.seed.memberSilently({ email: `m${i}@example.com`, firstName: `M${i % 3}` }));
    const rows = () => site.data.inspectCollection('Members/PrivateMembersData');
    const ask = async (filter: Filter) => {
      const query: QuerySpec = { collection: 'Members/PrivateMembersData', filter, sort: [], limit: 50, skip: 0, include: [], problems: [] };
      const page = await site.as(callers.admin(), () => site.data.query(query, { suppressAuth: true }));
      return { answer: page.items.map((i) => i._id), scan: scanned(rows(), filter).map((i) => i._id) };
    };
    const byEmails: Filter = { op: 'hasSome', field: 'loginEmail', values: ['m3@example.com', 'm17@example.com', 'm30@example.com'] };
    const either: Filter = { op: 'or', filters: [byEmails, { op: 'hasSome', field: '_id', values: [members[5]?._id, members[3]?._id] }] };

    for (const filter of [byEmails, either, { op: 'eq', field: 'name', value: 'nobody' } as Filter]) {
      const { answer, scan: expected } = await ask(filter);
      expect(answer).toEqual(expected);
    }
    controls.seed.memberSilently({ email: 'm30@example.com' });
    const { answer, scan: expected } = await ask(byEmails);
    expect(answer).toHaveLength(3);
    expect(answer).toEqual(expected);
  });

  it('keep an updated item in its collection place when its indexed value changes', async () => {
    const site = startSite();
    site.data.defineCollection('Things');
    site.data.seedItems('Things', [{ _id: 'a', status: 'done' }, { _id: 'b', status: 'open' }, { _id: 'c', status: 'open' }]);
    const open: QuerySpec = { collection: 'Things', filter: { op: 'hasSome', field: 'status', values: ['open'] }, sort: [], limit: 50, skip: 0, include: [], problems: [] };
    expect((await indexed(site, open)).ids).toEqual(['b', 'c']);

    await site.as(callers.admin(), () => site.data.update('Things', { _id: 'a', status: 'open' }));
    expect((await indexed(site, open)).ids).toEqual(['a', 'b', 'c']);
  });
});

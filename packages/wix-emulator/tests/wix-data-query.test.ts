import wixData from 'wix-data';
import type { Site } from '../src/site';
import { callers, startSite } from '../src/testing';

let site: Site;
beforeEach(() => {
  site = startSite();
  site.data.defineCollection('People', { permissions: { read: 'Anyone' } });
});

const asVisitor = <T>(fn: () => T) => site.as(callers.visitor(), fn);
const ids = (result: { items: { _id?: unknown }[] }) => result.items.map((item) => item._id);
const find = (build: (q: ReturnType<typeof wixData.query>) => ReturnType<typeof wixData.query>) =>
  asVisitor(() => build(wixData.query('People')).find());

function seedPeople(): void {
  site.data.seedItems('People', [
    { _id: 'ada', name: 'Ada', email: 'Ada@Example.com', age: 36, tags: ['math', 'poetry'], address: { city: 'London' } },
    { _id: 'grace', name: 'Grace', email: 'grace@navy.mil', age: 85, tags: ['navy', 'cobol'], address: { city: 'Arlington' } },
    { _id: 'alan', name: 'alan', email: 'alan@example.com', age: 41, tags: ['math'], address: { city: 'Wilmslow' } },
    { _id: 'linus', name: 'Linus', age: '27', bio: null, tags: [] },
  ]);
}

describe('wixData.query filters', () => {
  beforeEach(seedPeople);

  it('eq matches strings case-sensitively and only values of the same type', async () => {
    expect(ids(await find((q) => q.eq('name', 'Ada')))).toEqual(['ada']);
    expect(ids(await find((q) => q.eq('name', 'ada')))).toEqual([]);
    expect(ids(await find((q) => q.eq('age', 27)))).toEqual([]);
    expect(ids(await find((q) => q.eq('age', '27')))).toEqual(['linus']);
  });

  it('eq on an array property matches any element; ne matches when no element equals', async () => {
    expect(ids(await find((q) => q.eq('tags', 'math')))).toEqual(['ada', 'alan']);
    expect(ids(await find((q) => q.ne('tags', 'math')))).toEqual(['grace', 'linus']);
    expect(ids(await find((q) => q.ne('name', 'Ada')))).toEqual(['grace', 'alan', 'linus']);
  });

  it('hasSome and hasAll compare case-sensitively and take an array or separate values', async () => {
    expect(ids(await find((q) => q.hasSome('name', ['Ada', 'Alan', 'Grace'])))).toEqual(['ada', 'grace']);
    // corvid-types declares one value argument; the docs also allow separate values, as JavaScript page code uses them.
    const hasSomeOf = (q: ReturnType<typeof wixData.query>, field: string, ...values: string[]) =>
      (q.hasSome as unknown as (f: string, ...v: string[]) => typeof q).call(q, field, ...values);
    expect(ids(await find((q) => hasSomeOf(q, 'tags', 'cobol', 'poetry')))).toEqual(['ada', 'grace']);
    expect(ids(await find((q) => q.hasAll('tags', ['math', 'poetry'])))).toEqual(['ada']);
  });

  it('contains, startsWith and endsWith ignore case', async () => {
    expect(ids(await find((q) => q.contains('email', 'EXAMPLE')))).toEqual(['ada', 'alan']);
    expect(ids(await find((q) => q.startsWith('name', 'a')))).toEqual(['ada', 'alan']);
    expect(ids(await find((q) => q.endsWith('email', '.MIL')))).toEqual(['grace']);
  });

  it('gt, ge, lt, le and between compare numbers numerically and skip values of another type', async () => {
    expect(ids(await find((q) => q.gt('age', 40)))).toEqual(['grace', 'alan']);
    expect(ids(await find((q) => q.ge('age', 41)))).toEqual(['grace', 'alan']);
    expect(ids(await find((q) => q.lt('age', 41)))).toEqual(['ada']);
    expect(ids(await find((q) => q.le('age', 41)))).toEqual(['ada', 'alan']);
    // between is start-inclusive, end-exclusive.
    expect(ids(await find((q) => q.between('age', 36, 85)))).toEqual(['ada', 'alan']);
  });

  it('compares strings lexicographically by code unit ("Ada" < "alan") and dates by time', async () => {
    expect(ids(await find((q) => q.lt('name', 'a')))).toEqual(['ada', 'grace', 'linus']);
    site.data.defineCollection('Events');
    site.data.seedItems('Events', [
      { _id: 'old', at: new Date('2025-01-01T00:00:00Z') },
      { _id: 'new', at: new Date('2026-06-01T00:00:00Z') },
    ]);
    const result = await asVisitor(() => wixData.query('Events').gt('at', new Date('2026-01-01T00:00:00Z')).find());
    expect(ids(result)).toEqual(['new']);
  });

  it('isEmpty matches null, undefined and missing properties; isNotEmpty the rest', async () => {
    expect(ids(await find((q) => q.isEmpty('bio')))).toEqual(['ada', 'grace', 'alan', 'linus']);
    expect(ids(await find((q) => q.isEmpty('email')))).toEqual(['linus']);
    expect(ids(await find((q) => q.isNotEmpty('email')))).toEqual(['ada', 'grace', 'alan']);
  });

  it('follows dotted paths into nested objects', async () => {
    expect(ids(await find((q) => q.eq('address.city', 'London')))).toEqual(['ada']);
  });

  it('chained conditions all apply; and, or and not combine queries', async () => {
    const math = wixData.query('People').eq('tags', 'math');
    const old = wixData.query('People').gt('age', 40);
    expect(ids(await find((q) => q.eq('tags', 'math').gt('age', 40)))).toEqual(['alan']);
    expect(ids(await asVisitor(() => math.and(old).find()))).toEqual(['alan']);
    expect(ids(await asVisitor(() => math.or(old).find()))).toEqual(['ada', 'grace', 'alan']);
    expect(ids(await asVisitor(() => math.not(old).find()))).toEqual(['ada']);
  });

  it('rejects at find() what Wix rejects while building: a non-string contains, a query of another collection', async () => {
    await expect(find((q) => q.contains('name', 5 as unknown as string))).rejects.toMatchObject({
      code: 'WD_VALIDATION_ERROR',
      message: expect.stringContaining('WDE0044'),
    });
    await expect(find((q) => q.and(wixData.query('Other')))).rejects.toMatchObject({
      code: 'WD_VALIDATION_ERROR',
      message: expect.stringContaining('WDE0050'),
    });
  });

  it('is immutable: refining a query returns a new query and leaves the original as it was', async () => {
    const base = wixData.query('People');
    const refined = base.eq('name', 'Ada');
    expect(refined).not.toBe(base);
    expect((await asVisitor(() => base.find())).totalCount).toBe(4);
    expect((await asVisitor(() => refined.find())).totalCount).toBe(1);
  });

  it('returns copies: changing a result item changes nothing stored', async () => {
    const result = await find((q) => q.eq('_id', 'ada'));
    (result.items[0] as { tags: string[] }).tags.push('changed');
    expect(site.data.inspectCollection('People')[0]).toMatchObject({ tags: ['math', 'poetry'] });
  });
});

describe('wixData.query sorting', () => {
  beforeEach(seedPeople);

  it('sorts by several keys in order, ascending or descending', async () => {
    site.data.seedItems('People', [{ _id: 'ada2', name: 'Ada', age: 20 }]);
    expect(ids(await find((q) => q.ascending('name', 'age')))).toEqual(['ada2', 'ada', 'grace', 'linus', 'alan']);
    expect(ids(await find((q) => q.ascending('name').descending('age')))).toEqual(['ada', 'ada2', 'grace', 'linus', 'alan']);
  });

  it('ranks items without the value lowest: first ascending, last descending', async () => {
    expect(ids(await find((q) => q.ascending('email')))).toEqual(['linus', 'ada', 'alan', 'grace']);
    expect(ids(await find((q) => q.descending('email')))).toEqual(['grace', 'alan', 'ada', 'linus']);
  });
});

describe('wixData.query paging', () => {
  beforeEach(() => {
    site.data.seedItems(
      'People',
      Array.from({ length: 120 }, (_, i) => ({ _id: `p${String(i).padStart(3, '0')}`, n: i })),
    );
  });

  it('returns 50 items by default with totalCount, pageSize, totalPages and a zero-based currentPage', async () => {
    const result = await find((q) => q);
    expect(result).toMatchObject({ length: 50, pageSize: 50, totalCount: 120, totalPages: 3, currentPage: 0 });
    expect(result.hasNext()).toBe(true);
    expect(result.hasPrev()).toBe(false);
  });

  it('pages with next() and prev() to the end, where hasNext() is false and next() rejects', async () => {
    const first = await find((q) => q.ascending('n').limit(50));
    const second = await asVisitor(() => first.next());
    expect(second.items[0]).toMatchObject({ n: 50 });
    expect(second.currentPage).toBe(1);
    const third = await asVisitor(() => second.next());
    expect(third).toMatchObject({ length: 20, currentPage: 2 });
    expect(third.hasNext()).toBe(false);
    await expect(asVisitor(() => third.next())).rejects.toMatchObject({
      code: 'WD_VALIDATION_ERROR',
      message: expect.stringContaining('WDE0165'),
    });
    expect((await asVisitor(() => third.prev())).items[0]).toMatchObject({ n: 50 });
  });

  it('skip() starts the page later', async () => {
    const result = await find((q) => q.ascending('n').skip(110).limit(5));
    expect(result.items.map((i) => i.n)).toEqual([110, 111, 112, 113, 114]);
    expect(result.hasPrev()).toBe(true);
  });

  it('accepts a limit of 1000 and rejects 1001 with WD_VALIDATION_ERROR (WDE0036) when the query runs', async () => {
    await expect(find((q) => q.limit(1000))).resolves.toMatchObject({ length: 120, pageSize: 1000 });
    const built = wixData.query('People').limit(1001);
    await expect(asVisitor(() => built.find())).rejects.toMatchObject({
      code: 'WD_VALIDATION_ERROR',
      message: expect.stringContaining('WDE0036: Invalid limit parameter [1001]. limit parameter cannot exceed 1000.'),
    });
  });

  it('rejects a zero or negative limit and a negative skip', async () => {
    await expect(find((q) => q.limit(0))).rejects.toMatchObject({ code: 'WD_VALIDATION_ERROR' });
    await expect(find((q) => q.skip(-1))).rejects.toMatchObject({ code: 'WD_VALIDATION_ERROR' });
  });

  it('leaves totalCount out with omitTotalCount, while hasNext() still works', async () => {
    // Documented for find(), missing from corvid-types' WixDataOptions: passed as a variable, as untyped code would.
    const options = { suppressHooks: false, omitTotalCount: true };
    const result = await asVisitor(() => wixData.query('People').find(options));
    expect(result.totalCount).toBeUndefined();
    expect(result.hasNext()).toBe(true);
  });

  it('count() counts every matching item, whatever the limit and skip', async () => {
    await expect(asVisitor(() => wixData.query('People').limit(5).skip(3).count())).resolves.toBe(120);
    await expect(asVisitor(() => wixData.query('People').lt('n', 10).count())).resolves.toBe(10);
  });

  it('distinct() returns each value once, paged like find()', async () => {
    site.data.defineCollection('Tags');
    site.data.seedItems('Tags', [{ tag: 'a' }, { tag: 'b' }, { tag: 'a' }, { tag: ['c', 'b'] }]);
    const result = await asVisitor(() => wixData.query('Tags').distinct('tag'));
    expect(result.items).toEqual(['a', 'b', 'c']);
    expect(result.totalCount).toBe(3);
  });

  it('include() of a field rejects: emulated collections have no reference fields', async () => {
    await expect(find((q) => q.include('author'))).rejects.toMatchObject({ code: 'WD_VALIDATION_ERROR' });
  });

  it('an empty page reports currentPage undefined, as documented', async () => {
    const result = await find((q) => q.eq('n', -1));
    expect(result).toMatchObject({ length: 0, totalCount: 0, totalPages: 0 });
    expect(result.currentPage).toBeUndefined();
  });

  it('fails on a collection that does not exist (WD_SCHEMA_DOES_NOT_EXIST)', async () => {
    await expect(asVisitor(() => wixData.query('Missing').find())).rejects.toMatchObject({ code: 'WD_SCHEMA_DOES_NOT_EXIST' });
  });
});

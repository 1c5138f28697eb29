import { sortItems, type Item, type SortKey } from '../src/data/data-filter';
import { FirstSorted, firstSorted } from '../src/data/data-top-k';
import { Random } from '../src/kernel/random';

// A sorted query with a limit puts only the items up to its page's end in order. The page must be exactly what a
// full sort cut to that length gives, ties included (collection order, so paging through equal keys is stable).

const SEEDS = 200;

function items(random: Random): Item[] {
  // Few distinct values, so most keys tie; mixed types, missing values and Dates, as collections hold them.
  const values = [1, 2, 'a', 'b', true, null, undefined, new Date(Date.UTC(2026, 0, 1)), new Date(Date.UTC(2026, 0, 2)), [1]];
  const pick = () => values[Math.floor(random.next() * values.length)];
  return Array.from({ length: Math.floor(random.next() * 120) }, (_, i) => ({ _id: `i${i}`, a: pick(), b: pick(), nested: { c: pick() } }));
}

function sortKeys(random: Random): SortKey[] {
  const fields = ['a', 'b', 'nested.c'];
  return Array.from({ length: 1 + Math.floor(random.next() * 3) }, () => ({
    field: fields[Math.floor(random.next() * fields.length)] as string,
    order: random.next() < 0.5 ? ('asc' as const) : ('desc' as const),
  }));
}

describe('the first items of a sorted query', () => {
  it('are the items a full sort puts first, in that order, ties in collection order', () => {
    for (let seed = 1; seed <= SEEDS; seed += 1) {
      const random = new Random(seed);
      const list = items(random);
      const sort = sortKeys(random);
      const count = Math.floor(random.next() * 40);
      const ids = (found: Item[]) => found.map((i) => i._id);
      expect({ seed, sort, count, page: ids(firstSorted(list, sort, count)) }).toEqual({
        seed,
        sort,
        count,
        page: ids(sortItems(list, sort).slice(0, count)),
      });
    }
  });

  it('are the same when the matches are offered in any order, each with its place in collection order', () => {
    for (let seed = 1; seed <= SEEDS; seed += 1) {
      const random = new Random(seed);
      const list = items(random);
      const sort = random.next() < 0.2 ? [] : sortKeys(random);
      const count = Math.floor(random.next() * 40);
      // The indexes hand matches over bucket by bucket: shuffled here, each keeping its collection place as its rank.
      const offered = list.map((item, rank) => ({ item, rank, at: random.next() })).sort((a, b) => a.at - b.at);
      const first = new FirstSorted<Item>(sort, count);
      for (const { item, rank } of offered) first.offer(item, rank);
      const ids = (found: Item[]) => found.map((i) => i._id);
      expect({ seed, page: ids(first.result()) }).toEqual({ seed, page: ids(sortItems(list, sort).slice(0, count)) });
    }
  });

  it('are the first items in collection order when the query is unsorted', () => {
    const list = [{ _id: 'x' }, { _id: 'y' }, { _id: 'z' }];
    expect(firstSorted(list, [], 2)).toEqual([{ _id: 'x' }, { _id: 'y' }]);
  });
});

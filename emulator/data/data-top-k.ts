/**
 * The first `count` items of a sorted query without sorting every match: a query for "the latest record of this
 * chain" or "the next 50 due intents" needs a page, and sorting thousands of matches to cut it makes each such query
 * cost n·log n. A bounded heap keeps the best `count` seen so far (n·log count), then only those are sorted.
 *
 * The order is exactly `sortItems`' (data-filter.ts): the sort keys, then collection order for ties.
 */
import { compareForSort, reader, sortItems, type Item, type SortKey } from './data-filter';

interface Entry<T> {
  readonly item: T;
  /** Position among the matches: the tie-break that keeps paging through equal keys stable. */
  readonly index: number;
  readonly keys: readonly unknown[];
}

/** `sortItems(items, sort).slice(0, count)`, computed without sorting all of `items`. */
export function firstSorted<T extends Item>(items: readonly T[], sort: readonly SortKey[], count: number): T[] {
  if (count <= 0) return [];
  if (sort.length === 0) return items.slice(0, count);
  // A page that is most of the matches gains nothing from the heap.
  if (count * 2 >= items.length) return sortItems(items, sort).slice(0, count);

  const readers = sort.map(({ field }) => reader(field));
  const directions = sort.map(({ order }) => (order === 'asc' ? 1 : -1));
  const compareKeys = (x: readonly unknown[], y: readonly unknown[]): number => {
    for (let i = 0; i < directions.length; i += 1) {
      const result = compareForSort(x[i], y[i]);
      if (result !== 0) return result * (directions[i] as number);
    }
    return 0;
  };
  const compare = (x: Entry<T>, y: Entry<T>): number => compareKeys(x.keys, y.keys) || x.index - y.index;

  // A max-heap: its root is the worst of the best `count` so far, the one a better item replaces.
  const heap: Entry<T>[] = [];
  const keys: unknown[] = new Array<unknown>(readers.length);
  for (let index = 0; index < items.length; index += 1) {
    const item = items[index] as T;
    for (let i = 0; i < readers.length; i += 1) keys[i] = (readers[i] as (item: Item) => unknown)(item);
    if (heap.length < count) {
      heap.push({ item, index, keys: [...keys] });
      siftUp(heap, heap.length - 1, compare);
      continue;
    }
    // A later item that ties with the root comes after it in collection order, so only a strictly better one enters.
    if (compareKeys(keys, (heap[0] as Entry<T>).keys) < 0) {
      heap[0] = { item, index, keys: [...keys] };
      siftDown(heap, 0, compare);
    }
  }
  return heap.sort(compare).map((entry) => entry.item);
}

function siftUp<E>(heap: E[], at: number, compare: (x: E, y: E) => number): void {
  let child = at;
  while (child > 0) {
    const parent = (child - 1) >> 1;
    if (compare(heap[child] as E, heap[parent] as E) <= 0) return;
    swap(heap, child, parent);
    child = parent;
  }
}

function siftDown<E>(heap: E[], at: number, compare: (x: E, y: E) => number): void {
  let parent = at;
  for (;;) {
    const left = parent * 2 + 1;
    const right = left + 1;
    let largest = parent;
    if (left < heap.length && compare(heap[left] as E, heap[largest] as E) > 0) largest = left;
    if (right < heap.length && compare(heap[right] as E, heap[largest] as E) > 0) largest = right;
    if (largest === parent) return;
    swap(heap, parent, largest);
    parent = largest;
  }
}

function swap<E>(heap: E[], a: number, b: number): void {
  const held = heap[a] as E;
  heap[a] = heap[b] as E;
  heap[b] = held;
}

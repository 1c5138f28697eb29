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
  /** Place in collection order: the tie-break that keeps paging through equal keys stable. */
  readonly rank: number;
  readonly keys: readonly unknown[];
}

/**
 * The first `count` items in sort order among those offered, each with its place in collection order (`rank`), in
 * any order: the query engine offers its matches as the indexes find them and never sorts them all.
 */
export class FirstSorted<T extends Item> {
  readonly #readers: readonly ((item: Item) => unknown)[];
  readonly #directions: readonly number[];
  readonly #count: number;
  /** A max-heap: its root is the worst of the best `count` so far, the one a better item replaces. */
  readonly #heap: Entry<T>[] = [];
  readonly #keys: unknown[];

  constructor(sort: readonly SortKey[], count: number) {
    this.#readers = sort.map(({ field }) => reader(field));
    this.#directions = sort.map(({ order }) => (order === 'asc' ? 1 : -1));
    this.#count = Math.max(0, count);
    this.#keys = new Array<unknown>(sort.length);
  }

  offer(item: T, rank: number): void {
    if (this.#count === 0) return;
    const keys = this.#keys;
    for (let i = 0; i < this.#readers.length; i += 1) keys[i] = (this.#readers[i] as (item: Item) => unknown)(item);
    const heap = this.#heap;
    if (heap.length < this.#count) {
      heap.push({ item, rank, keys: [...keys] });
      siftUp(heap, heap.length - 1, this.#compare);
      return;
    }
    const root = heap[0] as Entry<T>;
    if ((this.#compareKeys(keys, root.keys) || rank - root.rank) < 0) {
      heap[0] = { item, rank, keys: [...keys] };
      siftDown(heap, 0, this.#compare);
    }
  }

  /** The items kept, in sort order. */
  result(): T[] {
    return [...this.#heap].sort(this.#compare).map((entry) => entry.item);
  }

  readonly #compareKeys = (x: readonly unknown[], y: readonly unknown[]): number => {
    for (let i = 0; i < this.#directions.length; i += 1) {
      const result = compareForSort(x[i], y[i]);
      if (result !== 0) return result * (this.#directions[i] as number);
    }
    return 0;
  };

  readonly #compare = (x: Entry<T>, y: Entry<T>): number => this.#compareKeys(x.keys, y.keys) || x.rank - y.rank;
}

/** `sortItems(items, sort).slice(0, count)`, computed without sorting all of `items`. */
export function firstSorted<T extends Item>(items: readonly T[], sort: readonly SortKey[], count: number): T[] {
  if (count <= 0) return [];
  if (sort.length === 0) return items.slice(0, count);
  // A page that is most of the matches gains nothing from the heap.
  if (count * 2 >= items.length) return sortItems(items, sort).slice(0, count);
  const first = new FirstSorted<T>(sort, count);
  for (let index = 0; index < items.length; index += 1) first.offer(items[index] as T, index);
  return first.result();
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

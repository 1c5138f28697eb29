import type { JournalEntry } from 'wix-emulator';

/** What a piece of work cost in Wix calls, read from the emulator's journal. */
export interface CallCost {
  /** Wix API calls made (the page→backend web-method boundary is not a Wix call). */
  readonly calls: number;
  /**
   * Sequential round trips: the longest chain of calls each of which started after the previous one answered — what
   * latency multiplies. Calls made together count once.
   */
  readonly roundTrips: number;
  /** Calls per operation, e.g. `inbox.sendMessage` → 1. */
  readonly byOperation: ReadonlyMap<string, number>;
}

/**
 * Counts calls and sequential round trips from journal entries, given the emulator's fixed latency per call: a call
 * journalled at `at` was in flight during [at, at + latencyMs). The chain is found greedily by earliest answer (the
 * classic interval-scheduling argument makes that the longest chain of non-overlapping calls).
 */
export function callCost(entries: readonly JournalEntry[], latencyMs: number): CallCost {
  if (!(latencyMs > 0)) throw new RangeError(`callCost needs the emulated latency per call (> 0 ms), got ${latencyMs}`);
  const wix = entries.filter((e) => !e.operation.startsWith('webMethod.'));
  const byOperation = new Map<string, number>();
  for (const e of wix) byOperation.set(e.operation, (byOperation.get(e.operation) ?? 0) + 1);
  const spans = wix.map((e) => Date.parse(e.at)).map((start) => ({ start, end: start + latencyMs })).sort((a, b) => a.end - b.end);
  let roundTrips = 0;
  let free = Number.NEGATIVE_INFINITY;
  for (const span of spans) {
    if (span.start >= free) {
      roundTrips += 1;
      free = span.end;
    }
  }
  return { calls: wix.length, roundTrips, byOperation };
}

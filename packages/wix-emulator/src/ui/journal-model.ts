import { describeCaller, type JournalEntry } from '../index';

/** What the journal view filters by; an empty field does not filter. */
export interface JournalFilter {
  readonly operation: string;
  /** A caller as `describeCaller` writes it (`admin:<owner GUID>`, `visitor:<visitor GUID>`). */
  readonly caller: string;
  readonly outcome: '' | 'ok' | 'error';
}

export function readJournalFilter(query: URLSearchParams): JournalFilter {
  const outcome = query.get('outcome');
  return { operation: query.get('operation') ?? '', caller: query.get('caller') ?? '', outcome: outcome === 'ok' || outcome === 'error' ? outcome : '' };
}

/** The entries that pass the filter, newest first. */
export function filterJournal(entries: readonly JournalEntry[], filter: JournalFilter): JournalEntry[] {
  const kept = entries.filter(
    (e) =>
      (filter.operation === '' || e.operation === filter.operation) &&
      (filter.caller === '' || describeCaller(e.caller) === filter.caller) &&
      (filter.outcome === '' || e.outcome === filter.outcome),
  );
  return kept.reverse();
}

/** The operations and callers the journal holds, for the filters' choices. */
export function journalChoices(entries: readonly JournalEntry[]): { operations: string[]; callers: string[] } {
  const operations = new Set<string>();
  const callers = new Set<string>();
  for (const e of entries) {
    operations.add(e.operation);
    callers.add(describeCaller(e.caller));
  }
  return { operations: [...operations].sort(), callers: [...callers].sort() };
}

/** Longest request or answer printed in full; the rest is cut with a note (a page of 1,000 items stays readable). */
const PRINT_LIMIT = 20_000;

/**
 * A call's request or answer as indented JSON for people: Dates as ISO strings, functions and cycles named, long
 * output cut.
 */
export function printable(value: unknown): string {
  if (value === undefined) return 'undefined';
  const seen = new WeakSet<object>();
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === 'function') return `[function ${(v as { name?: string }).name || 'anonymous'}]`;
      if (typeof v === 'bigint') return `${v}n`;
      if (v !== null && typeof v === 'object') {
        if (seen.has(v)) return '[circular]';
        seen.add(v);
      }
      return v;
    },
    2,
  ) ?? String(value);
  return text.length > PRINT_LIMIT ? `${text.slice(0, PRINT_LIMIT)}\n… (${text.length - PRINT_LIMIT} more characters)` : text;
}

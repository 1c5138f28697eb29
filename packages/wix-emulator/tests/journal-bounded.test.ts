import wixData from 'wix-data';
import { DEFAULT_RETAINED_ENTRIES, Journal, type JournalEntry } from '../src/kernel/journal';
import { controlsFor } from '../src';
import { callers, startSite } from '../src/testing';

// A long run must not hold a copy of every call it made: the journal keeps the latest calls whole and counts all.

const call = (operation: string, outcome: JournalEntry['outcome'] = 'ok'): Omit<JournalEntry, 'seq'> => ({
  at: '2026-01-01T00:00:00.000Z',
  operation,
  caller: callers.admin(),
  elevated: false,
  args: [{ big: 'x'.repeat(100) }],
  outcome,
  applied: outcome === 'ok',
  latencyMs: 0,
});

describe('the journal of a long run', () => {
  it('keeps the latest 10,000 calls whole by default and counts every call', () => {
    const journal = new Journal();
    for (let i = 0; i < DEFAULT_RETAINED_ENTRIES + 2_500; i += 1) journal.record(call(i % 2 === 0 ? 'data.insert' : 'data.query'));

    expect(DEFAULT_RETAINED_ENTRIES).toBe(10_000);
    expect(journal.retained).toBe(10_000);
    expect(journal.recorded).toBe(12_500);
    expect(journal.count('data.insert')).toBe(6_250);
    expect(journal.count('data.query', 'ok')).toBe(6_250);
    expect(journal.count('data.query', 'error')).toBe(0);
    const kept = journal.entries();
    expect(kept).toHaveLength(10_000);
    expect(kept[0]?.seq).toBe(2_501);
    expect(kept.at(-1)?.seq).toBe(12_500);
  });

  it('keeps the entries in call order as the oldest make room, filtered by operation or test', () => {
    const journal = new Journal({ retain: 3 });
    for (const [operation, outcome] of [['a', 'ok'], ['b', 'error'], ['a', 'ok'], ['b', 'ok'], ['a', 'error']] as const) journal.record(call(operation, outcome));

    expect(journal.entries().map((e) => `${e.seq}${e.operation}`)).toEqual(['3a', '4b', '5a']);
    expect(journal.entries('a').map((e) => e.seq)).toEqual([3, 5]);
    expect(journal.entries((e) => e.outcome === 'error').map((e) => e.seq)).toEqual([5]);
    expect([journal.count('a'), journal.count('a', 'error'), journal.count('b', 'error')]).toEqual([3, 1, 1]);
  });

  it('keeps every call whole when a test asks, at creation or later; a lower limit keeps the latest', () => {
    const journal = new Journal({ retain: 'all' });
    for (let i = 0; i < 12_000; i += 1) journal.record(call('data.get'));
    expect(journal.retained).toBe(12_000);

    journal.retain(10);
    expect(journal.entries().map((e) => e.seq)).toEqual([11_991, 11_992, 11_993, 11_994, 11_995, 11_996, 11_997, 11_998, 11_999, 12_000]);
    journal.retain('all');
    journal.record(call('data.get'));
    expect(journal.retained).toBe(11);
    expect(() => journal.retain(-1)).toThrow(RangeError);
  });

  it('counts from zero again after clear(), and counts nothing while disabled', () => {
    const journal = new Journal({ retain: 2 });
    journal.record(call('a'));
    journal.clear();
    journal.enabled = false;
    journal.record(call('a'));
    journal.enabled = true;
    journal.record(call('a'));

    expect([journal.recorded, journal.retained, journal.count('a')]).toEqual([1, 1, 1]);
    expect(journal.entries()[0]?.seq).toBe(3);
  });

  it('is bounded on a site too: the site option sets how many calls it keeps, and a reset keeps that setting', async () => {
    const site = startSite({ journal: { retain: 5 } });
    site.data.defineCollection('Notes', { permissions: { insert: 'Anyone' } });
    for (let i = 0; i < 20; i += 1) await site.as(callers.visitor(), () => wixData.insert('Notes', { n: i }));

    expect(site.journal.retained).toBe(5);
    expect(site.journal.count('data.insert', 'ok')).toBe(20);
    expect(site.journal.entries().map((e) => (e.args[1] as { n: number }).n)).toEqual([15, 16, 17, 18, 19]);

    await controlsFor(site).reset();
    expect([site.journal.recorded, site.journal.retained, site.journal.retention]).toEqual([0, 0, 5]);
  });
});

import { describe, expect, it } from '@jest/globals';
import { formatBench, runDeliveryBench, type BenchOptions } from './delivery-bench';

// The bench's figures are printed by `npm run bench`, never asserted: this only checks that every row is there and
// measured (finite numbers, every message delivered), on a small broadcast.
describe('the delivery bench table', () => {
  it('has the single-send and broadcast rows for velo-inbox, the naive recipe and the floor, with finite figures', async () => {
    const options: BenchOptions = { latencyMs: 100, broadcastPeople: 20, concurrency: 5, ratePerSecond: 4 };
    const sections = await runDeliveryBench(options);

    expect(sections.map((s) => s.title)).toEqual([
      'One send to a member, by email',
      'One send to a contact, by email',
      expect.stringContaining('Broadcast to 20 people'),
      expect.stringContaining('sendMessage limited to 4/s'),
    ]);
    for (const section of sections) {
      expect(section.rows.map((r) => r.way)).toEqual(['velo-inbox', 'naive recipe', 'floor']);
      expect(Number.isFinite(section.baseline.ms) && section.baseline.ms > 0).toBe(true);
      for (const row of section.rows) {
        if ('unavailable' in row) continue;
        for (const figure of [row.emulatedMs, row.roundTrips, row.calls, row.inboxCalls]) expect(Number.isFinite(figure) && figure > 0).toBe(true);
      }
    }
    const text = formatBench(sections, options);
    expect(text).toContain('velo-inbox');
    expect(text).not.toMatch(/NaN|Infinity/);
  }, 60_000);
});

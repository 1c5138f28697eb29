import { describe, expect, it } from '@jest/globals';
import { startSite, WIX_READ_LAG_MS } from '../support/emulator';
import { captureLogs } from '../support/captured-logs';
import { runDeliveryScenario } from './delivery-scenario';

describe('delivery under faults', () => {
  it('delivers 2,000 intents exactly once through 5xx, 429s, merges mid-flight and lost responses', async () => {
    captureLogs();
    // The run makes ~20,000 calls and the last assertion reads all of them: the journal keeps every one whole.
    const site = startSite({ readLagMs: WIX_READ_LAG_MS, journal: { retain: 'all' } });
    const report = await runDeliveryScenario(site, { intents: 2_000 });

    expect(report).toMatchObject({ intents: 2_000, delivered: 2_000, dead: 0, duplicates: 0, lost: 0, detachedConversations: 0, stillPending: 0 });
    // The faults really happened: retries, merges, replays, answers lost after the write.
    expect(report.retried).toBeGreaterThan(100);
    expect(report.merges).toBeGreaterThan(10);
    expect(report.deduplicated).toBeGreaterThan(100);
    expect(site.journal.entries('inbox.sendMessage').filter((e) => e.outcome === 'error' && e.applied).length).toBeGreaterThan(5);
  }, 120_000);
});

import { describe, expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { sendToParticipant } from 'backend/inbox/send';
import { DELIVERIES_COLLECTION } from 'backend/wix/collections';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

const HOUR = 60 * 60 * 1000;

/** `texts.length` sends queued while Inbox was refusing conversations (nothing sent), then Inbox is back, an hour on. */
async function queued(site: Site, texts: readonly string[]): Promise<void> {
  const deps = siteDependencies(site);
  site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1e9 });
  for (const [i, text] of texts.entries()) {
    const contactId = seedContact(site, { email: `q${i}@example.com` });
    const result = await site.as(callers.eventHandler(), () => sendToParticipant(deps, { contactId }, text, { idempotencyKey: `q-${i}` }));
    if (result.status !== 'queued') throw new Error(`expected the send to be queued, got ${result.status}`);
  }
  site.faults.clear();
  site.clock.advance(HOUR);
  site.journal.clear();
}

const count = (site: Site, operation: string, collection?: string) =>
  site.journal.entries().filter((e) => e.operation === operation && e.outcome === 'ok' && (collection === undefined || e.args[0] === collection)).length;

describe('the hourly job writes what it sent in bulk', () => {
  it('delivers 120 queued intents in one run with their results in bulk inserts and their rows in bulk updates, none one by one', async () => {
    const site = startSiteWithCode();
    await queued(site, Array.from({ length: 120 }, (_, i) => `Order ${i} shipped`));
    const report = await site.as(callers.job(), () => drainOutbox(siteDependencies(site, 3)));
    expect(report).toMatchObject({ taken: 120, byStatus: { sent: 120 } });
    expect(count(site, 'inbox.sendMessage')).toBe(120);
    // One claim per intent; no result inserted and no row written alone.
    expect(count(site, 'data.insert', DELIVERIES_COLLECTION)).toBe(120);
    expect(count(site, 'data.update')).toBe(0);
    expect(count(site, 'data.bulkInsert', DELIVERIES_COLLECTION)).toBeLessThanOrEqual(3);
    expect(count(site, 'data.bulkUpdate')).toBeLessThanOrEqual(3);
    site.clock.advance(HOUR);
    await expect(site.as(callers.job(), () => drainOutbox(siteDependencies(site, 4)))).resolves.toMatchObject({ taken: 0, refreshed: 0 });
  });

  it('delivers a backlog of one text to five people in one run: each waits for the one before, whose writes go at once when nothing else is left', async () => {
    const site = startSiteWithCode();
    await queued(site, Array.from({ length: 5 }, () => 'Your table is ready'));
    const report = await site.as(callers.job(), () => drainOutbox(siteDependencies(site, 3)));
    expect(report).toMatchObject({ taken: 5, byStatus: { sent: 5 } });
    // Look-alikes one after another: every one's writes were made before the next one started.
    expect(count(site, 'data.bulkInsert', DELIVERIES_COLLECTION)).toBe(5);
  });

  // Found by the stale-claims sweep (seed 2331): the budget ran out right after a send whose writes waited in the batch.
  // Its worker stopped without writing them, the others waited for that look-alike to finish, and it waited for its
  // writes: the run never ended.
  it('ends when its budget runs out while a sent message\'s writes wait in the batch and look-alikes wait for it', async () => {
    const site = startSiteWithCode();
    await queued(site, Array.from({ length: 5 }, () => 'Your table is ready'));
    site.kernel.latencyMs = 100;
    const report = await site.as(callers.job(), () => drainOutbox(siteDependencies(site, 3), { budgetMs: 400 }));
    site.kernel.latencyMs = 0;
    expect(report).toMatchObject({ taken: 1, byStatus: { sent: 1 } });
    expect(count(site, 'data.bulkInsert', DELIVERIES_COLLECTION)).toBe(1);
    site.clock.advance(HOUR);
    await expect(site.as(callers.job(), () => drainOutbox(siteDependencies(site, 4)))).resolves.toMatchObject({ taken: 4, byStatus: { sent: 4 } });
  }, 10_000);
});

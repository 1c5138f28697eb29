import { describe, expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox/send';
import { callers } from '../support/emulator';
import { seedContact, seedMember } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

/**
 * What one durable send costs when nothing fails, counted (not timed): every emulated call takes the same fixed
 * latency and parallel calls overlap, so elapsed emulated time / latency = sequential round trips; the journal counts
 * the calls (Wix APIs and wix-data alike).
 */
const LATENCY_MS = 100;
/**
 * Round 1: the intent insert (also the first attempt's claim) beside both lookups; then conversation, send, and the
 * result beside the outbox row's cache (so the hourly job has nothing left to do).
 */
const HAPPY_PATH = ['data.insert', 'contacts.queryContacts', 'data.query', 'inbox.getOrCreateConversation', 'inbox.sendMessage', 'data.insert', 'data.update'];

async function costOf(setUp: (site: ReturnType<typeof startSiteWithCode>) => { email: string }) {
  const site = startSiteWithCode();
  const { email } = setUp(site);
  site.kernel.latencyMs = LATENCY_MS;
  const before = site.clock.nowMs();
  const result = await site.as(callers.eventHandler(), () => sendToParticipant(siteDependencies(site), { email }, 'Thanks for getting in touch'));
  return {
    status: result.status,
    roundTrips: (site.clock.nowMs() - before) / LATENCY_MS,
    calls: site.journal.entries().length,
    operations: site.journal.entries().map((e) => e.operation),
  };
}

describe('one send, the happy path', () => {
  it('to a member by email: 4 round trips, 7 calls (outbox insert ‖ contacts ‖ members, conversation, send, result ‖ cache)', async () => {
    const cost = await costOf((site) => {
      seedMember(site, { email: 'mo@example.com' });
      return { email: 'mo@example.com' };
    });
    expect(cost).toMatchObject({ status: 'sent', roundTrips: 4, calls: 7 });
    expect(cost.operations).not.toContain('members.getMember');
    expect(cost.operations).toEqual(HAPPY_PATH);
  });

  it('to a contact by email in their existing conversation: the contact is read again after the lookup all the same, 5 · 8', async () => {
    const cost = await costOf((site) => {
      const contactId = seedContact(site, { email: 'cy@example.com' });
      site.inbox.participantSendsMessage({ contactId }, 'Hello?');
      return { email: 'cy@example.com' };
    });
    expect(cost).toMatchObject({ status: 'sent', roundTrips: 5, calls: 8 });
    expect(cost.operations).toEqual([...HAPPY_PATH.slice(0, 4), 'contacts.getContact', ...HAPPY_PATH.slice(4)]);
  });

  it('to a contact by email with no conversation yet: the contact is read again once the lookup created it, 5 · 8', async () => {
    const cost = await costOf((site) => {
      seedContact(site, { email: 'cy@example.com' });
      return { email: 'cy@example.com' };
    });
    expect(cost).toMatchObject({ status: 'sent', roundTrips: 5, calls: 8 });
    expect(cost.operations).toEqual([...HAPPY_PATH.slice(0, 4), 'contacts.getContact', ...HAPPY_PATH.slice(4)]);
  });
});

import { describe, expect, it } from '@jest/globals';
import { sendToMany } from 'backend/inbox/broadcast';
import { callers } from '../support/emulator';
import { callCost } from '../support/round-trips';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';
import { byEmail, seedCrowd, tally } from './broadcast-fixture';

const LATENCY_MS = 100;
const TEXT = 'Spring newsletter';

/** Counted from the emulator's journal (calls, not times): what a broadcast costs when nothing fails. */
describe('what a broadcast costs, counted', () => {
  it('to 300 people by email (1 in 5 a member): 2 Inbox calls per message, 1 contact read per first message to a contact, claims, results and rows in bulk', async () => {
    const site = startSiteWithCode();
    const people = seedCrowd(site, 300, { memberEvery: 5 });
    site.kernel.latencyMs = LATENCY_MS;
    site.journal.clear();
    const result = await site.as(callers.eventHandler(), () => sendToMany(siteDependencies(site), byEmail(people), TEXT, { idempotencyKey: 'spring', budgetMs: 10 * 60_000 }));
    site.kernel.latencyMs = 0;
    expect(result.delivery.sent).toBe(300);
    expect(tally(site, people, TEXT)).toEqual({ once: 300, messages: 300, twice: 0 });
    const cost = callCost(site.journal.entries(), LATENCY_MS);
    const count = (op: string) => cost.byOperation.get(op) ?? 0;
    const inbox = [...cost.byOperation].filter(([op]) => op.startsWith('inbox.')).reduce((total, [, n]) => total + n, 0);
    expect(inbox / 300).toBeLessThanOrEqual(2.05);
    expect(count('inbox.getOrCreateConversation')).toBe(300);
    expect(count('inbox.sendMessage')).toBe(300);
    // Resolution: one contacts query and one members query per 100 people, no member read one by one (plus one read of
    // the broadcast's earlier intents, beside them), then one contacts query per 100 contacts, which finds anyone who
    // signed up while the batches were resolved (members found by login email carry no contact ID to link them by).
    expect(count('contacts.queryContacts')).toBeLessThanOrEqual(3 + 3);
    // And each contact is read once more, by ID, after its lookup (a sign-up since the resolution would have opened a
    // conversation the member never sees: address-check.ts). Here: all 240 contacts.
    expect(count('contacts.getContact')).toBe(240);
    expect(count('data.query')).toBeLessThanOrEqual(3 + 1);
    expect(count('members.getMember')).toBe(0);
    // The broadcast's own record is its only single insert; no single claim, result insert or row write.
    expect(count('data.insert')).toBe(1);
    expect(count('data.update')).toBe(0);
    // The intents in one bulk insert; the first attempts claimed in bulk, a person for each of the 48 workers at the
    // start, then as many as they went on to in the latest few seconds (12 claims for 300 people); the results in bulk
    // inserts and the rows in bulk updates of up to 200 each.
    expect(count('data.bulkInsert')).toBe(1 + 12 + 2);
    expect(count('data.bulkUpdate')).toBe(2);
    // 2 Inbox calls per message, a contact's read, and what the whole broadcast costs once: its record, resolution
    // (10 queries for 300 people), the intents' insert, the claims' and the batches' writes. (For 1,000 people, 4 in 5
    // contacts, that is 2.87 a message: npm run bench.)
    expect(cost.calls).toBeLessThanOrEqual(2 * 300 + 240 + 1 + 10 + 1 + 12 + 4);
  }, 60_000);

  it('to the same 300 people again: each contact is read once more all the same (a sign-up may have opened the conversation its lookup finds), 2 Inbox calls per message, the contacts\' reads and the broadcast\'s fixed costs', async () => {
    const site = startSiteWithCode();
    const people = seedCrowd(site, 300, { memberEvery: 5 });
    await site.as(callers.eventHandler(), () => sendToMany(siteDependencies(site), byEmail(people), TEXT, { idempotencyKey: 'spring', budgetMs: 10 * 60_000 }));
    site.journal.clear();
    site.kernel.latencyMs = LATENCY_MS;
    const result = await site.as(callers.eventHandler(), () => sendToMany(siteDependencies(site), byEmail(people), 'Summer newsletter', { idempotencyKey: 'summer', budgetMs: 10 * 60_000 }));
    site.kernel.latencyMs = 0;
    expect(result.delivery.sent).toBe(300);
    expect(tally(site, people, 'Summer newsletter')).toEqual({ once: 300, messages: 300, twice: 0 });
    const cost = callCost(site.journal.entries(), LATENCY_MS);
    expect(cost.byOperation.get('contacts.getContact') ?? 0).toBe(240);
    expect(cost.byOperation.get('members.getMember') ?? 0).toBe(0);
    expect(cost.calls).toBeLessThanOrEqual(2 * 300 + 240 + 1 + 10 + 1 + 12 + 4);
  }, 60_000);
});

import { describe, expect, it } from '@jest/globals';
import { sendToMany } from 'backend/inbox/broadcast';
import { callers } from '../support/emulator';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';
import { byEmail, drainUntilQuiet, seedCrowd, tally } from '../broadcast/broadcast-fixture';

const TEXT = 'Your invitation';

describe('a broadcast started again after one of its contacts became a member', () => {
  it('keeps the earlier start\'s intent for that person: one message, not one per participant they were', async () => {
    const site = startSiteWithCode();
    const people = seedCrowd(site, 3);
    const deps = siteDependencies(site);
    // The first start writes the intents but delivers nothing (its budget is spent).
    const first = await site.as(callers.eventHandler(), () => sendToMany(deps, byEmail(people), TEXT, { idempotencyKey: 'invite', budgetMs: 0 }));
    expect(first.delivery).toMatchObject({ sent: 0, left: 3 });
    // One of them signs up: the same email now resolves to a member.
    site.members.seedMember({ email: people[0]?.email ?? '' });
    const again = await site.as(callers.eventHandler(), () => sendToMany(deps, byEmail(people), TEXT, { idempotencyKey: 'invite' }));
    expect(again).toMatchObject({ total: 3, created: 0 });
    await drainUntilQuiet(site);
    expect(tally(site, people, TEXT)).toEqual({ once: 3, messages: 3, twice: 0 });
  });
});

import { beforeEach, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPage } from 'wix-emulator/pages';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedMember } from '../support/people';
import type { SiteRepo } from 'wix-emulator/site-repo';
import { startBuiltSite } from '../support/built-site-with-code';
import { callCost } from '../support/round-trips';

// The built JavaScript (what ships), loaded by the emulator as Wix loads a site repo.
let site: Site;

/** The collection a wix-data call names: `data.get('InboxOutbox', id)`, or a query's `{ collection }`. */
const collectionOf = (first: unknown) => (typeof first === 'string' ? first : ((first as { collection?: string } | undefined)?.collection ?? ''));
let repo: SiteRepo;
beforeEach(() => {
  ({ site, repo } = startBuiltSite());
});

const welcomesBack = (memberId: string) => {
  const conversation = site.inbox.conversationOf({ memberId });
  return conversation
    ? site.inbox.messagesOf(conversation.conversation._id ?? '').filter((m) => m.message.content?.template?.title?.startsWith('Welcome back'))
    : [];
};

describe('the master page', () => {
  it("greets a member who logs in with welcome-back, in the member's own conversation", async () => {
    const { memberId } = seedMember(site, { email: 'cora@example.com', firstName: 'Cora' });
    await loadPage(site, { repo, modulePath: 'src/pages/masterPage.js', caller: callers.visitor('v-cora') });
    await site.members.logIn(memberId, { visitorId: 'v-cora' });

    const [greeting] = welcomesBack(memberId);
    expect(greeting?.message.content?.template?.title).toBe('Welcome back, Cora');
    expect(site.journal.entries('webMethod.welcomeBack')[0]?.caller).toMatchObject({ kind: 'member', memberId });
    // The page names nobody: the one read of the member is the backend's, from the session.
    expect(site.journal.entries('webMethod.welcomeBack')[0]?.args).toEqual([]);
    expect(site.journal.count('members.getCurrentMember')).toBe(1);
  });

  it('greets a login in four round trips, page and web method together, the session read included', async () => {
    const { memberId } = seedMember(site, { email: 'finn@example.com', firstName: 'Finn' });
    await loadPage(site, { repo, modulePath: 'src/pages/masterPage.js', caller: callers.visitor('v-finn') });
    site.journal.clear();
    site.kernel.latencyMs = 100;
    await site.members.logIn(memberId, { visitorId: 'v-finn' });
    site.kernel.latencyMs = 0;
    // Only what the login handler did (the log-in itself is the test's, not a call the page makes).
    const greeting = site.journal.entries().filter((e) => e.operation !== 'members.logIn');
    expect(callCost(greeting, 100).roundTrips).toBe(4);
    // The owner's wording (InboxTemplates) is read once per backend container, here the first: beside the session.
    const wording = greeting.filter((e) => (e.args[0] as { collection?: string } | undefined)?.collection === 'InboxTemplates');
    expect(wording).toHaveLength(1);
    // 9: the session, the greeting chain's newest link, the intent, the link, the conversation, the chain of the contact
    // the member was (decision 0029), the message, its result and the row.
    expect(callCost(greeting, 100).calls).toBe(9 + wording.length);
    expect(welcomesBack(memberId)).toHaveLength(1);
  });

  it('leaves out a first name that is not plain words (a letter that reads as a dot): "Welcome back"', async () => {
    const { memberId } = seedMember(site, { email: 'gil@example.com', firstName: 'gil\u4E36example\u2024com' });
    await loadPage(site, { repo, modulePath: 'src/pages/masterPage.js', caller: callers.visitor('v-gil') });
    await site.members.logIn(memberId);
    expect(welcomesBack(memberId).map((m) => m.message.content?.template?.title)).toEqual(['Welcome back']);
  });

  it("greets by the member's first name (FULL fieldset by default), not their profile nickname", async () => {
    const member = site.members.seedMember({ email: 'eve@example.com', firstName: 'Eve', nickname: 'eve_1987' });
    await loadPage(site, { repo, modulePath: 'src/pages/masterPage.js', caller: callers.visitor('v-eve') });
    await site.members.logIn(member._id);
    expect(welcomesBack(member._id)[0]?.message.content?.template?.title).toBe('Welcome back, Eve');
  });

  it('listens through the maintained @wix/site onLogin, not the deprecated wix-members-frontend one', () => {
    const source = readFileSync(join(__dirname, '..', '..', 'src', 'public', 'inbox', 'welcome-back.ts'), 'utf8');
    expect(source).toMatch(/from '@wix\/site'/);
    expect(source).not.toMatch(/from 'wix-members-frontend'/);
  });

  it('greets at most once a day, however often the member logs in', async () => {
    const { memberId } = seedMember(site, { email: 'dan@example.com', firstName: 'Dan' });
    await loadPage(site, { repo, modulePath: 'src/pages/masterPage.js', caller: callers.visitor('v-dan') });
    await site.members.logIn(memberId);
    site.clock.advance(2 * 60 * 60 * 1000);
    site.journal.clear();
    await site.members.logIn(memberId);
    expect(welcomesBack(memberId)).toHaveLength(1);
    // The second login is answered from the greeting chain and that greeting's row: nothing is written, nothing reaches Inbox (beside the
    // session, the owner's wording is read again once its cache period is over).
    const reads = site.journal
      .entries()
      .filter((e) => e.operation !== 'members.logIn' && !e.operation.startsWith('webMethod.'))
      .map((e) => `${e.operation} ${collectionOf(e.args[0])}`.trim());
    expect(reads.filter((r) => r !== 'data.query InboxTemplates').sort()).toEqual(['data.get InboxOutbox', 'data.query InboxDeliveries', 'members.getCurrentMember']);

    site.clock.advance(24 * 60 * 60 * 1000);
    await site.members.logIn(memberId);
    expect(welcomesBack(memberId)).toHaveLength(2);
  });
});

import { beforeEach, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPage } from 'wix-emulator/pages';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedMember } from '../support/people';
import type { SiteRepo } from 'wix-emulator/site-repo';
import { startBuiltSite } from '../support/built-site-with-code';

// The built JavaScript (what ships), loaded by the emulator as Wix loads a site repo.
let site: Site;
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
    expect(site.journal.entries('webMethod.sendToParticipant')[0]?.caller).toMatchObject({ kind: 'member', memberId });
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
    await site.members.logIn(memberId);
    expect(welcomesBack(memberId)).toHaveLength(1);

    site.clock.advance(24 * 60 * 60 * 1000);
    await site.members.logIn(memberId);
    expect(welcomesBack(memberId)).toHaveLength(2);
  });
});

import { beforeEach, describe, expect, it } from '@jest/globals';
import { resolveParticipantId } from 'backend/inbox.web';
import { veloIdentity } from 'backend/wix/velo-identity';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedMember } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
});

describe('who is calling', () => {
  it('a member holding a custom member role titled "Admin" is still only a member and cannot look up others', async () => {
    const mallory = seedMember(site, { email: 'mallory@example.com' });
    const victim = seedMember(site, { email: 'victim@example.com' });
    site.members.seedMemberRole(mallory.memberId, { title: 'Admin' });

    await expect(site.as(callers.member(mallory.memberId), () => veloIdentity.currentCaller())).resolves.toEqual({
      kind: 'member',
      memberId: mallory.memberId,
      contactId: mallory.contactId,
      loginEmail: 'mallory@example.com',
    });
    for (const query of [{ email: 'victim@example.com' }, { memberId: victim.memberId }]) {
      await expect(site.as(callers.member(mallory.memberId), () => resolveParticipantId(query))).resolves.toMatchObject({
        ok: false,
        error: { code: 'PERMISSION_DENIED' },
      });
    }
  });

  it('the site owner is the admin and may look up anyone', async () => {
    const ada = seedMember(site, { email: 'ada@example.com' });
    await expect(site.as(callers.admin(), () => veloIdentity.currentCaller())).resolves.toEqual({ kind: 'admin' });
    await expect(site.as(callers.admin(), () => resolveParticipantId({ email: 'ada@example.com' }))).resolves.toMatchObject({
      ok: true,
      value: { memberId: ada.memberId },
    });
  });

  it('a logged-in member is a member with their member ID, contact ID and login email', async () => {
    const cai = seedMember(site, { email: 'cai@example.com' });
    await expect(site.as(callers.member(cai.memberId), () => veloIdentity.currentCaller())).resolves.toEqual({
      kind: 'member',
      memberId: cai.memberId,
      contactId: cai.contactId,
      loginEmail: 'cai@example.com',
    });
  });

  it('anyone else is a visitor, known by their visitor ID', async () => {
    await expect(site.as(callers.visitor('v-42'), () => veloIdentity.currentCaller())).resolves.toEqual({ kind: 'visitor', visitorId: 'v-42' });
  });

  it('a visitor without a visitor ID is a visitor with an empty ID, never an error or someone else', async () => {
    await expect(site.as(callers.visitor(''), () => veloIdentity.currentCaller())).resolves.toEqual({ kind: 'visitor', visitorId: '' });
  });
});

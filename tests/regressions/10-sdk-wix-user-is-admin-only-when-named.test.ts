import { describe, expect, it } from '@jest/globals';
import { sdkIdentity } from 'backend/wix-sdk/sdk-identity';

// A USER token is any Wix user with access to the site: its owner, or a collaborator whatever role the owner gave
// them (a designer, a blog writer). The token says nothing more (auth.TokenInfo: subjectType and subjectId), so a
// collaborator without any Inbox or Contacts permission was the admin here: messages to anyone, contact IDs of anyone.
const noMember = () => Promise.reject(new Error('getCurrentMember must not be asked for a non-member token'));
const callerFor = (token: { subjectType: 'USER' | 'APP' | 'VISITOR'; subjectId: string; active?: boolean }, adminUserIds: readonly string[] = []) =>
  sdkIdentity({ tokenInfo: async () => token, currentMember: noMember }, { adminUserIds }).currentCaller();

describe('who is the admin on the SDK family', () => {
  it('a Wix user the site does not name as its admin is an anonymous visitor, not the admin', async () => {
    await expect(callerFor({ subjectType: 'USER', subjectId: 'collaborator-1' })).resolves.toEqual({ kind: 'visitor', visitorId: '' });
    await expect(callerFor({ subjectType: 'USER', subjectId: 'collaborator-1' }, ['owner-1'])).resolves.toEqual({ kind: 'visitor', visitorId: '' });
  });

  it('a Wix user the site names is the admin; the site’s own app is the admin', async () => {
    await expect(callerFor({ subjectType: 'USER', subjectId: 'owner-1' }, ['owner-1'])).resolves.toEqual({ kind: 'admin' });
    await expect(callerFor({ subjectType: 'APP', subjectId: 'app-1' })).resolves.toEqual({ kind: 'admin' });
  });

  it('a token Wix reports inactive grants nothing', async () => {
    await expect(callerFor({ subjectType: 'USER', subjectId: 'owner-1', active: false }, ['owner-1'])).resolves.toEqual({ kind: 'visitor', visitorId: '' });
    await expect(callerFor({ subjectType: 'APP', subjectId: 'app-1', active: false })).resolves.toEqual({ kind: 'visitor', visitorId: '' });
    await expect(callerFor({ subjectType: 'VISITOR', subjectId: 'v-1', active: false })).resolves.toEqual({ kind: 'visitor', visitorId: '' });
  });
});

import { describe, expect, it } from '@jest/globals';
import { sdkIdentity } from 'backend/wix-sdk/sdk-identity';

// `@wix/essentials` `auth.getTokenInfo()` reports `active` ("whether the token is currently active") beside the
// subject. The SDK identity read only the subject, so an expired USER or APP token still made its bearer the admin.

const noMember = () => Promise.reject(new Error('getCurrentMember must not be asked for an inactive token'));

describe('a token Wix reports as inactive', () => {
  it.each(['USER', 'APP', 'MEMBER', 'VISITOR'] as const)('naming a %s is an anonymous visitor', async (subjectType) => {
    const identity = sdkIdentity({ tokenInfo: async () => ({ active: false, subjectType, subjectId: 'x' }), currentMember: noMember });
    await expect(identity.currentCaller()).resolves.toEqual({ kind: 'visitor', visitorId: '' });
  });

  it('while an active token of a Wix user the site names as admin is still the admin', async () => {
    const identity = sdkIdentity(
      { tokenInfo: async () => ({ active: true, subjectType: 'USER', subjectId: 'x' }), currentMember: noMember },
      { adminUserIds: ['x'] },
    );
    await expect(identity.currentCaller()).resolves.toEqual({ kind: 'admin' });
  });
});

import { describe, expect, it } from '@jest/globals';
import { sdkIdentity } from 'backend/wix-sdk/sdk-identity';
import { applicationErrorAnswer, thrownBy, wireClient } from '../support/wix-wire';

/** The member's own record as `members.getCurrentMember` answers it, with the names the greeting may use. */
const ownRecord = (firstName?: string, nickname?: string) => async () => ({
  member: { _id: 'm-1', contactId: 'c-1', loginEmail: 'ann@example.com', contact: { firstName }, profile: { nickname } },
});
const refused = () => Promise.reject(Object.assign(new Error('not a member'), { status: 403 }));

describe('the SDK identity names the session’s member for a greeting', () => {
  it('a MEMBER token is that member, with the first name and nickname they gave (untrusted: checked where used)', async () => {
    const identity = sdkIdentity({ tokenInfo: async () => ({ subjectType: 'MEMBER', subjectId: 'm-1' }), currentMember: ownRecord('Ann', 'ann.b') });
    await expect(identity.sessionMember?.()).resolves.toEqual({ memberId: 'm-1', contactId: 'c-1', firstName: 'Ann', nickname: 'ann.b' });
  });

  it('a member who gave no names is still that member', async () => {
    const identity = sdkIdentity({ tokenInfo: async () => ({ subjectType: 'MEMBER', subjectId: 'm-1' }), currentMember: ownRecord() });
    await expect(identity.sessionMember?.()).resolves.toEqual({ memberId: 'm-1', contactId: 'c-1' });
  });

  it.each([
    ['a VISITOR token', { subjectType: 'VISITOR' as const, subjectId: 'v-1' }],
    ['a Wix user', { subjectType: 'USER' as const, subjectId: 'u-1' }],
    ['an inactive MEMBER token', { subjectType: 'MEMBER' as const, subjectId: 'm-1', active: false }],
  ])('%s is no member, and the refused member read beside the token is not reported', async (_what, token) => {
    const identity = sdkIdentity({ tokenInfo: async () => token, currentMember: refused });
    await expect(identity.sessionMember?.()).resolves.toBeUndefined();
  });

  it('a MEMBER token whose member cannot be read is a typed, retryable outage', async () => {
    const client = wireClient(applicationErrorAnswer(503, 'UNAVAILABLE', 'down'));
    const identity = sdkIdentity({ tokenInfo: async () => ({ subjectType: 'MEMBER', subjectId: 'm-1' }), currentMember: (o) => client.members.getCurrentMember(o) });
    expect(await thrownBy(() => identity.sessionMember!())).toMatchObject({ code: 'INBOX_UNAVAILABLE', retryable: true });
  });
});

import { describe, expect, it } from '@jest/globals';
import { sdkIdentity } from 'backend/wix-sdk/sdk-identity';
import { applicationErrorAnswer, thrownBy, wireClient } from '../support/wix-wire';

const noMember = () => Promise.reject(new Error('getCurrentMember must not be asked for a non-member token'));

describe('the SDK identity, from the session token', () => {
  it('an APP token, and a USER token of a Wix user the site names, are the admin', async () => {
    await expect(sdkIdentity({ tokenInfo: async () => ({ subjectType: 'APP', subjectId: 'x' }), currentMember: noMember }).currentCaller()).resolves.toEqual({ kind: 'admin' });
    await expect(
      sdkIdentity({ tokenInfo: async () => ({ subjectType: 'USER', subjectId: 'x' }), currentMember: noMember }, { adminUserIds: ['x'] }).currentCaller(),
    ).resolves.toEqual({ kind: 'admin' });
  });

  it('a VISITOR token is that visitor; an UNKNOWN token is a visitor without an ID', async () => {
    await expect(sdkIdentity({ tokenInfo: async () => ({ subjectType: 'VISITOR', subjectId: 'v-1' }), currentMember: noMember }).currentCaller()).resolves.toEqual({
      kind: 'visitor',
      visitorId: 'v-1',
    });
    await expect(sdkIdentity({ tokenInfo: async () => ({ subjectType: 'UNKNOWN', subjectId: 'u' }), currentMember: noMember }).currentCaller()).resolves.toEqual({
      kind: 'visitor',
      visitorId: '',
    });
  });

  it('a MEMBER token whose member cannot be read is a typed, retryable outage, never an anonymous caller', async () => {
    const client = wireClient(applicationErrorAnswer(503, 'UNAVAILABLE', 'down'));
    const identity = sdkIdentity({ tokenInfo: async () => ({ subjectType: 'MEMBER', subjectId: 'm-1' }), currentMember: (o) => client.members.getCurrentMember(o) });
    const error = await thrownBy(() => identity.currentCaller());
    expect(error).toMatchObject({ code: 'INBOX_UNAVAILABLE', retryable: true });
  });
});

import { describe, expect, it } from '@jest/globals';
import { members } from '@wix/members';
import { apiKeyClient, restApp } from '../../src';
import { startSite } from '../../src/testing';
import { registerMember } from '../../src/testing';

// `@wix/members` documents its PUBLIC fieldset (the default) as "id, contactId, createdDate, updatedDate and the profile
// object; status, privacyStatus and activityStatus are returned as UNKNOWN". The REST face answered id, contactId and
// profile only, so code reading a default member's dates or statuses locally saw what Wix never sends.

describe('a member read through @wix/members without a fieldset', () => {
  it('carries its dates and UNKNOWN statuses, and no login email', async () => {
    const site = startSite();
    const { memberId, contactId } = registerMember(site, { email: 'pub@example.com' });
    const wix = apiKeyClient(restApp(site), { members });
    for (const member of [await wix.members.getMember(memberId), (await wix.members.queryMembers().eq('_id', memberId).find()).items[0]]) {
      expect(member).toMatchObject({ _id: memberId, contactId, status: 'UNKNOWN', privacyStatus: 'UNKNOWN', activityStatus: 'UNKNOWN' });
      expect(member?._createdDate).toBeInstanceOf(Date);
      expect(member?._updatedDate).toBeInstanceOf(Date);
      expect(member).not.toHaveProperty('loginEmail');
    }
  });
});

import { currentMember, members } from 'wix-members-backend';
import { runElevated } from '../src/kernel/caller';
import type { Site } from '../src/site';
import { callers, startSite } from '../src/testing';

let site: Site;
beforeEach(() => {
  site = startSite();
});

const UNKNOWN_MEMBER = '00000000-0000-4000-8000-000000000000';

describe('site.members.register (test control)', () => {
  it('creates a member whose ID differs from its contact ID, linked both ways', () => {
    const member = site.members.register({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' });
    expect(member._id).not.toBe(member.contactId);
    expect(site.contacts.has(member.contactId)).toBe(true);
    expect(site.members.memberIdOfContact(member.contactId)).toBe(member._id);
    expect(site.members.contactIdOfMember(member._id)).toBe(member.contactId);
    expect(member).toMatchObject({
      loginEmail: 'ada@example.com',
      status: 'APPROVED',
      profile: { nickname: 'Ada Lovelace', slug: 'ada' },
      contactDetails: { firstName: 'Ada', lastName: 'Lovelace', emails: ['ada@example.com'], phones: [] },
    });
  });

  it('reuses the contact that already has the email, in any case', () => {
    const contact = site.contacts.seedContact({ emails: [{ email: 'Grace@Example.com' }] });
    const member = site.members.register({ email: 'grace@example.com' });
    expect(member.contactId).toBe(contact._id);
    expect(site.contacts.inspectContact(contact._id)?.info.extendedFields).toMatchObject({ 'members.membershipStatus': 'APPROVED' });
  });

  it('emits wixMembers_onMemberCreated with the member as entity', () => {
    const member = site.members.register({ email: 'ev@example.com' });
    expect(site.events.log('wixMembers_onMemberCreated').map((e) => e.event)).toEqual([
      { metadata: { id: expect.any(String), entityId: member._id, eventTime: expect.any(String) }, entity: member },
    ]);
    expect(site.events.log('wixCrm_onContactCreated')).toHaveLength(1);
  });

  it("promotes the contact's Inbox conversation to the new member", () => {
    const contact = site.contacts.seedContact({ emails: [{ email: 'chat@example.com' }] });
    site.inbox.participantSendsMessage({ contactId: contact._id }, 'Before signing up');
    const member = site.members.register({ email: 'chat@example.com' });
    expect(site.inbox.mergeLog()).toEqual([expect.objectContaining({ from: { contactId: contact._id }, to: { memberId: member._id } })]);
  });

  it("carries a signing-up visitor's conversation through the contact to the member", () => {
    site.inbox.participantSendsMessage({ anonymousVisitorId: 'v-signup' }, 'Hi before signing up');
    const member = site.members.register({ email: 'new@example.com', visitorId: 'v-signup' });
    expect(site.inbox.mergeLog().map((m) => [m.from, m.to])).toEqual([
      [{ anonymousVisitorId: 'v-signup' }, { contactId: member.contactId }],
      [{ contactId: member.contactId }, { memberId: member._id }],
    ]);
  });

  it('refuses a second member with the same login email', () => {
    site.members.register({ email: 'one@example.com' });
    let error: unknown;
    try {
      site.members.register({ email: 'ONE@example.com' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ status: 409 });
  });

  it('seedMember creates the same member silently', () => {
    site.members.seedMember({ email: 'quiet@example.com' });
    expect(site.events.log()).toEqual([]);
  });

  it('gives each member a unique slug', () => {
    site.members.seedMember({ email: 'sam@example.com' });
    expect(site.members.seedMember({ email: 'sam@example.org' }).profile.slug).toBe('sam1');
  });
});

describe('members.getMember', () => {
  it('returns only _id and profile (statuses UNKNOWN) by default: the PUBLIC fieldset', async () => {
    const member = site.members.seedMember({ email: 'pub@example.com', nickname: 'Pub' });
    const result = await site.as(callers.admin(), () => members.getMember(member._id));
    expect(result).toEqual({
      _id: member._id,
      status: 'UNKNOWN',
      privacyStatus: 'UNKNOWN',
      activityStatus: 'UNKNOWN',
      profile: { nickname: 'Pub', slug: 'pub' },
    });
  });

  it('adds loginEmail, status, contactId, contactDetails and dates with the FULL fieldset', async () => {
    const member = site.members.seedMember({ email: 'full@example.com', firstName: 'Full' });
    const result = await site.as(callers.admin(), () => members.getMember(member._id, { fieldsets: ['FULL'] }));
    expect(result).toEqual({
      _id: member._id,
      loginEmail: 'full@example.com',
      status: 'APPROVED',
      contactId: member.contactId,
      privacyStatus: 'PUBLIC',
      activityStatus: 'ACTIVE',
      _createdDate: site.clock.now(),
      _updatedDate: site.clock.now(),
      contactDetails: { firstName: 'Full', phones: [], emails: ['full@example.com'], addresses: [], customFields: {} },
      profile: { nickname: 'Full', slug: 'full' },
    });
  });

  it('refuses unknown fieldsets', async () => {
    const member = site.members.seedMember({ email: 'f@example.com' });
    await expect(site.as(callers.admin(), () => members.getMember(member._id, { fieldsets: ['EXTENDED'] }))).rejects.toMatchObject({
      status: 400,
    });
  });

  it('answers 404 for an unknown member', async () => {
    await expect(site.as(callers.admin(), () => members.getMember(UNKNOWN_MEMBER))).rejects.toMatchObject({
      status: 404,
      details: { applicationError: { code: 'NOT_FOUND' } },
    });
  });

  it("is admin-level except for the caller's own member; elevation passes", async () => {
    const me = site.members.seedMember({ email: 'me@example.com' });
    const other = site.members.seedMember({ email: 'other@example.com' });
    await expect(site.as(callers.member(me._id), () => members.getMember(me._id))).resolves.toMatchObject({ _id: me._id });
    await expect(site.as(callers.member(me._id), () => members.getMember(other._id))).rejects.toMatchObject({ status: 403 });
    await expect(site.as(callers.visitor(), () => members.getMember(other._id))).rejects.toMatchObject({ status: 403 });
    await expect(site.as(callers.visitor(), () => runElevated(() => members.getMember(other._id)))).resolves.toMatchObject({
      _id: other._id,
    });
  });
});

describe('wix-members-backend currentMember', () => {
  it('getMember returns the logged-in member', async () => {
    const me = site.members.seedMember({ email: 'me@example.com' });
    await expect(site.as(callers.member(me._id), () => currentMember.getMember({ fieldsets: ['FULL'] }))).resolves.toMatchObject({
      _id: me._id,
      contactId: me.contactId,
    });
  });

  it('getMember rejects when nobody is logged in (visitor, admin, backend event)', async () => {
    for (const caller of [callers.visitor(), callers.admin(), callers.eventHandler()]) {
      await expect(site.as(caller, () => currentMember.getMember())).rejects.toMatchObject({ status: 404 });
    }
  });

  it("getRoles: a member's roles; the owner gets the Admin role; anyone else is refused", async () => {
    const me = site.members.seedMember({ email: 'me@example.com' });
    const role = site.members.seedMemberRole(me._id, { title: 'Moderator', color: 'VIOLET' });
    await expect(site.as(callers.member(me._id), () => currentMember.getRoles())).resolves.toEqual([role]);
    await expect(site.as(callers.admin(), () => currentMember.getRoles())).resolves.toEqual([
      { _id: '00000000-0000-0000-0000-000000000001', title: 'Admin', color: 'DARK_BLUE' },
    ]);
    await expect(site.as(callers.visitor(), () => currentMember.getRoles())).rejects.toMatchObject({ status: 401 });
    await expect(site.as(callers.visitor(), () => runElevated(() => currentMember.getRoles()))).rejects.toMatchObject({ status: 401 });
  });
});

describe('Members/PrivateMembersData rows', () => {
  it('carry the documented fields and no contactId', async () => {
    const member = site.members.seedMember({ email: 'row@example.com', firstName: 'Row', lastName: 'Data' });
    site.clock.advance(1000);
    await site.members.logIn(member._id);
    expect(site.members.privateMembersDataRows()).toEqual([
      {
        _id: member._id,
        loginEmail: 'row@example.com',
        name: 'Row Data',
        firstName: 'Row',
        lastName: 'Data',
        nickname: 'Row Data',
        slug: 'row',
        emails: ['row@example.com'],
        phones: [],
        _createdDate: member._createdDate,
        _updatedDate: member._updatedDate,
        lastLogin: site.clock.now(),
      },
    ]);
  });
});

describe('members state', () => {
  it('survives exportState/importState', () => {
    const member = site.members.seedMember({ email: 'keep@example.com' });
    site.members.seedMemberRole(member._id, { title: 'Keeper' });
    const restored = startSite({ state: site.exportState() });
    expect(restored.members.listMembers()).toEqual(site.members.listMembers());
    expect(restored.members.memberIdOfContact(member.contactId)).toBe(member._id);
  });
});

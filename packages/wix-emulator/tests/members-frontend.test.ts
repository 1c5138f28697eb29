import { authentication, currentMember } from 'wix-members-frontend';
import { contacts } from 'wix-crm-backend';
import { currentMember as backendCurrentMember } from 'wix-members-backend';
import { useSite } from '../src/kernel/active-site';
import type { Site } from '../src/site';
import { callers, startSite } from '../src/testing';

let site: Site;
beforeEach(() => {
  site = startSite();
});

describe('wix-members-frontend currentMember.getMember', () => {
  it('resolves undefined when nobody is logged in', async () => {
    await expect(site.as(callers.visitor(), () => currentMember.getMember())).resolves.toBeUndefined();
  });

  it('resolves the logged-in member with the FULL fieldset by default, as the frontend docs say', async () => {
    const me = site.members.seedMember({ email: 'me@example.com', firstName: 'Mel' });
    const caller = callers.member(me._id);
    const full = { _id: me._id, contactId: me.contactId, loginEmail: 'me@example.com', contactDetails: { firstName: 'Mel' } };
    await expect(site.as(caller, () => currentMember.getMember())).resolves.toMatchObject(full);
    await expect(site.as(caller, () => currentMember.getMember({ fieldsets: ['FULL'] }))).resolves.toMatchObject(full);
  });

  it('answers only the PUBLIC fields when asked for them', async () => {
    const me = site.members.seedMember({ email: 'me@example.com' });
    const member = await site.as(callers.member(me._id), () => currentMember.getMember({ fieldsets: ['PUBLIC'] }));
    expect(member?._id).toBe(me._id);
    expect(member).not.toHaveProperty('contactId');
    expect(member).not.toHaveProperty('loginEmail');
  });

  it('leaves the backend currentMember default at PUBLIC', async () => {
    const me = site.members.seedMember({ email: 'me@example.com' });
    await expect(site.as(callers.member(me._id), () => backendCurrentMember.getMember())).resolves.not.toHaveProperty('contactId');
  });
});

describe('wix-members-frontend authentication.onLogin', () => {
  it('runs every handler as the member who logged in, and logIn waits for them', async () => {
    const me = site.members.seedMember({ email: 'me@example.com' });
    const seen: unknown[] = [];
    site.as(callers.visitor('page-visitor'), () => {
      authentication.onLogin(async (member) => {
        const full = await member.getMember({ fieldsets: ['FULL'] });
        seen.push(full?._id);
      });
      authentication.onLogin(async () => {
        // A handler may call other APIs as the member (here: appendOrCreateContact reconciles with their contact).
        seen.push((await contacts.appendOrCreateContact({})).identityType);
      });
    });
    const caller = await site.members.logIn(me._id, { visitorId: 'page-visitor' });
    expect(seen).toEqual([me._id, 'MEMBER']);
    expect(caller).toEqual({ kind: 'member', memberId: me._id, visitorId: 'page-visitor' });
  });

  it('records lastLoginDate', async () => {
    const me = site.members.seedMember({ email: 'me@example.com' });
    site.clock.advance(5_000);
    await site.members.logIn(me._id);
    expect(site.members.inspectMember(me._id)?.lastLoginDate).toEqual(site.clock.now());
  });

  it('surfaces handler failures after running every handler', async () => {
    const me = site.members.seedMember({ email: 'me@example.com' });
    const ran: string[] = [];
    site.as(callers.visitor(), () => {
      authentication.onLogin(() => {
        ran.push('first');
        throw new Error('handler broke');
      });
      authentication.onLogin(() => {
        ran.push('second');
      });
    });
    await expect(site.members.logIn(me._id)).rejects.toThrow('1 onLogin handler(s) failed');
    expect(ran).toEqual(['first', 'second']);
  });

  it('keeps handlers per site', async () => {
    const other = startSite();
    const me = other.members.seedMember({ email: 'me@example.com' });
    let calls = 0;
    // Page code registers on the site its page runs on: the active one.
    useSite(site);
    authentication.onLogin(() => void (calls += 1));
    useSite(other);
    authentication.onLogin(() => void (calls += 10));
    await other.members.logIn(me._id);
    expect(calls).toBe(10);
  });

  it("promotes the visitor's conversation to the member at login", async () => {
    const me = site.members.seedMember({ email: 'me@example.com' });
    site.inbox.participantSendsMessage({ anonymousVisitorId: 'v-login' }, 'hi before login');
    await site.members.logIn(me._id, { visitorId: 'v-login' });
    expect(site.inbox.mergeLog()).toEqual([
      expect.objectContaining({ from: { anonymousVisitorId: 'v-login' }, to: { memberId: me._id } }),
    ]);
  });
});

describe('wix-members-frontend authentication.logout', () => {
  it('is recorded as members.logout', async () => {
    const me = site.members.seedMember({ email: 'me@example.com' });
    await site.as(callers.member(me._id), () => authentication.logout());
    expect(site.journal.count('members.logout', 'ok')).toBe(1);
  });
});

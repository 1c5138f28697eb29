import { currentUser } from 'wix-users-backend';
import type { Site } from '../src/site';
import { callers, startSite } from '../src/testing';

let site: Site;
beforeEach(() => {
  site = startSite();
});

describe('wix-users-backend currentUser', () => {
  it('describes a visitor: id is the visitor ID, role Visitor, not logged in', () => {
    const user = site.as(callers.visitor('v-7'), () => ({ id: currentUser.id, role: currentUser.role, loggedIn: currentUser.loggedIn }));
    expect(user).toEqual({ id: 'v-7', role: 'Visitor', loggedIn: false });
  });

  it('describes a member: id is the member ID, role Member, logged in', () => {
    const me = site.members.seedMember({ email: 'me@example.com' });
    const user = site.as(callers.member(me._id), () => ({ id: currentUser.id, role: currentUser.role, loggedIn: currentUser.loggedIn }));
    expect(user).toEqual({ id: me._id, role: 'Member', loggedIn: true });
  });

  it('describes the site owner: role Admin', () => {
    const user = site.as(callers.admin(), () => ({ id: currentUser.id, role: currentUser.role, loggedIn: currentUser.loggedIn }));
    expect(user).toEqual({ id: 'owner-user-1', role: 'Admin', loggedIn: true });
  });

  it('has no id in a backend event handler (no session)', () => {
    site.as(callers.eventHandler(), () => {
      expect(currentUser.role).toBe('Visitor');
      expect(currentUser.loggedIn).toBe(false);
      expect(() => currentUser.id).toThrow();
    });
  });

  it("getEmail resolves the member's login email and rejects for anyone not logged in as a member", async () => {
    const me = site.members.seedMember({ email: 'Me@Example.com' });
    await expect(site.as(callers.member(me._id), () => currentUser.getEmail())).resolves.toBe('Me@Example.com');
    await expect(site.as(callers.visitor(), () => currentUser.getEmail())).rejects.toMatchObject({ status: 401 });
  });

  it('getRoles names roles; the owner gets { name: "Admin" }; visitors are refused', async () => {
    const me = site.members.seedMember({ email: 'me@example.com' });
    site.members.seedMemberRole(me._id, { title: 'Gold', description: 'Paying' });
    await expect(site.as(callers.member(me._id), () => currentUser.getRoles())).resolves.toEqual([{ name: 'Gold', description: 'Paying' }]);
    await expect(site.as(callers.admin(), () => currentUser.getRoles())).resolves.toEqual([{ name: 'Admin' }]);
    await expect(site.as(callers.visitor(), () => currentUser.getRoles())).rejects.toMatchObject({ status: 401 });
  });
});

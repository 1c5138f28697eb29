import { auth } from '@wix/essentials';
import { members } from '@wix/members';
import { apiKeyClient, enableSiteSdkContext, restApp, type Site } from '../../src';
import { seedContact } from '../../src/testing';
import { callers, startSite } from '../../src/testing';

/** `members.queryMembers()` of the real @wix/members package against the REST face. */
let site: Site;
let wix: ReturnType<typeof apiKeyClient<{ members: typeof members }>>;
let ids: Record<string, string>;

beforeEach(() => {
  site = startSite({ seed: 13 });
  ids = {};
  for (const [email, nickname] of [['ann@example.com', 'Ann'], ['bob@example.com', 'Bob'], ['cat@example.com', 'Cat'], ['Dan@Example.com', 'Dan']]) {
    ids[nickname as string] = site.members.seedMember({ email: email as string, nickname: nickname as string })._id;
  }
  wix = apiKeyClient(restApp(site), { members });
});

const names = (page: { items: { profile?: { nickname?: string | null } }[] }) => page.items.map((m) => m.profile?.nickname);

describe('queryMembers over REST', () => {
  it('filters on loginEmail exactly (case-sensitive), on contactId and on _id', async () => {
    expect(names(await wix.members.queryMembers().eq('loginEmail', 'Dan@Example.com').find())).toEqual(['Dan']);
    expect(names(await wix.members.queryMembers().eq('loginEmail', 'dan@example.com').find())).toEqual([]);
    const contactId = site.members.contactIdOfMember(ids.Bob as string) as string;
    expect(names(await wix.members.queryMembers().eq('contactId', contactId).find())).toEqual(['Bob']);
    expect(names(await wix.members.queryMembers().in('_id', [ids.Ann as string, ids.Cat as string]).find())).toEqual(['Ann', 'Cat']);
  });

  it('pages in creation order and reports the total; combines conditions', async () => {
    // The SDK builder offers no sort (MemberQuerySpec `sort: 'NONE'`): members come in creation order.
    const page = await wix.members.queryMembers().limit(2).skip(1).find();
    expect(names(page)).toEqual(['Bob', 'Cat']);
    expect(page.totalCount).toBe(4);
    expect(page.hasNext()).toBe(true);
    expect(names(await page.next())).toEqual(['Dan']);
    expect(names(await wix.members.queryMembers().startsWith('profile.nickname', 'B').find())).toEqual(['Bob']);
    expect(names(await wix.members.queryMembers().ne('status', 'BLOCKED').ne('profile.nickname', 'Ann').find())).toEqual(['Bob', 'Cat', 'Dan']);
  });

  it('refuses a field the SDK does not declare filterable, a limit over 100, an unsortable field, an unknown operator', async () => {
    const raw = restApp(site);
    const send = (query: unknown) =>
      raw.fetch(new Request('https://www.wixapis.com/members/v1/members/query', {
        method: 'POST',
        headers: { authorization: 'key', 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      }));
    const post = async (query: unknown) => (await send(query)).status;
    expect(await post({ filter: { 'profile.title': 'x' } })).toBe(400);
    expect(await post({ paging: { limit: 101 } })).toBe(400);
    expect(await post({ sort: [{ fieldName: 'loginEmail', order: 'ASC' }] })).toBe(400);
    const sorted = (await (await send({ sort: [{ fieldName: 'profile.nickname', order: 'DESC' }] })).json()) as { members: { profile: { nickname: string } }[] };
    expect(sorted.members.map((m) => m.profile.nickname)).toEqual(['Dan', 'Cat', 'Bob', 'Ann']);
    expect(await post({ filter: { loginEmail: { $regex: 'a' } } })).toBe(400);
  });

  it('is admin-level: a visitor is refused, elevated site code is not', async () => {
    const context = enableSiteSdkContext(restApp(site));
    try {
      await expect(site.as(callers.visitor(), () => members.queryMembers().find())).rejects.toMatchObject({ status: 403 });
      await expect(site.as(callers.member(ids.Ann as string), () => members.queryMembers().find())).rejects.toMatchObject({ status: 403 });
      const elevated = await site.as(callers.visitor(), () => auth.elevate(members.queryMembers)().eq('_id', ids.Ann as string).find());
      expect(names(elevated)).toEqual(['Ann']);
    } finally {
      context.disable();
    }
  });

  it('creates a member for a contact only when the contact holds that email', async () => {
    const contactId = seedContact(site, { email: 'eve@example.com' });
    const other = seedContact(site, { email: 'fay@example.com' });
    await expect(wix.members.createMember({ member: { loginEmail: 'eve@example.com', contactId: other } })).rejects.toMatchObject({ status: 400 });
    const eve = await wix.members.createMember({ member: { loginEmail: 'eve@example.com', contactId } });
    expect(eve.contactId).toBe(contactId);
    await expect(wix.members.createMember({ member: { loginEmail: 'not-an-email' } })).rejects.toMatchObject({ status: 400 });
  });
});

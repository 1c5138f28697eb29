import { auth } from '@wix/essentials';
import { contacts } from '@wix/crm';
import { members } from '@wix/members';
import { items } from '@wix/data';
import { enableSiteSdkContext, restApp, type Site, type SiteSdkContext } from '../../src';
import { seedContact, seedMember } from '../../src/testing';
import { callers, startSite } from '../../src/testing';

/**
 * Site code calls SDK modules directly (no client): the Wix context supplies one per call. Against the emulator the
 * registered clients carry the caller current at the call, so the permission rules apply per caller and
 * `auth.elevate` (from @wix/essentials) goes through the elevated client.
 */
let site: Site;
let context: SiteSdkContext;

beforeEach(() => {
  site = startSite({ seed: 5 });
  context = enableSiteSdkContext(restApp(site));
});
afterEach(() => context.disable());

describe('SDK modules called directly from site code', () => {
  it('refuse a visitor an admin-level call, and allow it through auth.elevate, keeping the visitor as caller', async () => {
    const contactId = seedContact(site, { email: 'ann@example.com', first: 'Ann' });

    await expect(site.as(callers.visitor('v-1'), () => contacts.getContact(contactId))).rejects.toMatchObject({
      status: 403,
      details: { applicationError: { code: 'FORBIDDEN' } },
    });
    const elevated = await site.as(callers.visitor('v-1'), () => auth.elevate(contacts.getContact)(contactId));
    expect(elevated._id).toBe(contactId);

    expect(site.journal.entries('contacts.getContact').map((e) => [e.caller, e.elevated, e.outcome])).toEqual([
      [callers.visitor('v-1'), false, 'error'],
      [callers.visitor('v-1'), true, 'ok'],
    ]);
  });

  it('answer a member their own member and refuse them another one', async () => {
    const ann = seedMember(site, { email: 'ann@example.com' });
    const bob = seedMember(site, { email: 'bob@example.com' });

    const own = await site.as(callers.member(ann.memberId), () => members.getCurrentMember({ fieldsets: ['FULL'] }));
    expect(own.member).toMatchObject({ _id: ann.memberId, contactId: ann.contactId, loginEmail: 'ann@example.com' });
    await expect(site.as(callers.member(ann.memberId), () => members.getMember(bob.memberId))).rejects.toMatchObject({ status: 403 });
    await expect(site.as(callers.member(ann.memberId), () => members.getMember(ann.memberId))).resolves.toMatchObject({ _id: ann.memberId });
  });

  it('apply the collection permissions to the caller: a visitor may not insert into an admin collection unless elevated', async () => {
    site.data.defineCollection('Outbox', { permissions: { read: 'Admin', insert: 'Admin', update: 'Admin', remove: 'Admin' } });

    const refused = (await site.as(callers.visitor(), () => items.insert('Outbox', { _id: 'x' })).catch((e: unknown) => e)) as {
      details?: { applicationError?: { code?: string } };
    };
    expect(refused.details?.applicationError?.code).toBe('WDE0027');
    await site.as(callers.visitor(), () => auth.elevate(items.insert)('Outbox', { _id: 'x' }));
    expect(site.data.inspectCollection('Outbox').map((i) => i._id)).toEqual(['x']);
  });

  it('keep concurrent callers apart', async () => {
    const ann = seedMember(site, { email: 'ann@example.com' });
    const bob = seedMember(site, { email: 'bob@example.com' });
    const mine = (memberId: string) => site.as(callers.member(memberId), () => members.getCurrentMember());
    const answers = await Promise.all([mine(ann.memberId), mine(bob.memberId), mine(ann.memberId), mine(bob.memberId)]);
    expect(answers.map((a) => a.member?._id)).toEqual([ann.memberId, bob.memberId, ann.memberId, bob.memberId]);
  });

  it('refuse a call made outside any caller, saying how to make one', async () => {
    await expect(contacts.getContact('c-1')).rejects.toMatchObject({
      status: 401,
      details: { applicationError: { code: 'UNAUTHORIZED' } },
    });
  });

  it('stop answering once disabled: the global Wix context is restored', async () => {
    context.disable();
    const holder = globalThis as { __wix_context__?: unknown };
    expect(holder.__wix_context__).toBeUndefined();
    context = enableSiteSdkContext(restApp(site));
  });
});

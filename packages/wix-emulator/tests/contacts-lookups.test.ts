import { contacts } from 'wix-crm-backend';
import type { Site } from '../src/site';
import { callers, startSite } from '../src/testing';

// Matching by email or phone and querying by email or _id go through lookups the contacts service keeps up to date;
// these specs pin down that the answers are those of a scan of every contact, in the same order.
let site: Site;
beforeEach(() => {
  site = startSite();
});

const asAdmin = <T>(fn: () => T) => site.as(callers.admin(), fn);
const byEmail = (email: string) => asAdmin(() => contacts.queryContacts().eq('info.emails.email', email).find());
const ids = (result: { items: { _id: string }[] }) => result.items.map((c) => c._id);

describe('appendOrCreateContact matching', () => {
  it('matches the oldest of several contacts holding the email, in any case', async () => {
    const older = await asAdmin(() => contacts.createContact({ emails: [{ email: 'Same@Example.com' }] }));
    site.clock.advance(1_000);
    await asAdmin(() => contacts.createContact({ emails: [{ email: 'same@example.com' }] }, { allowDuplicates: true }));
    const result = await site.as(callers.visitor('v-same'), () =>
      contacts.appendOrCreateContact({ emails: [{ email: 'SAME@example.COM' }] }),
    );
    expect(result).toEqual({ contactId: older._id, identityType: 'CONTACT' });
  });

  it('matches an email or phone that was appended to a contact after it was created', async () => {
    const grace = site.contacts.seedContact({ name: { first: 'Grace' }, emails: [{ email: 'grace@example.com' }] });
    await site.as(callers.visitor('v-grace'), () =>
      contacts.appendOrCreateContact({ emails: [{ email: 'grace@example.com' }, { email: 'g.hopper@example.com' }], phones: [{ phone: '+1 (555) 010-0200' }] }),
    );
    const byNewEmail = await site.as(callers.visitor('v-2'), () => contacts.appendOrCreateContact({ emails: [{ email: 'G.Hopper@example.com' }] }));
    const byPhone = await site.as(callers.visitor('v-3'), () => contacts.appendOrCreateContact({ phones: [{ phone: '+1 555 010 0200' }] }));
    expect(byNewEmail.contactId).toBe(grace._id);
    expect(byPhone.contactId).toBe(grace._id);
  });

  it('reconciles a member with their own contact even when an older contact has the submitted email', async () => {
    const older = site.contacts.seedContact({ emails: [{ email: 'shared@example.com' }] });
    const member = site.members.seedMember({ email: 'kim@example.com' });
    const result = await site.as(callers.member(member._id), () =>
      contacts.appendOrCreateContact({ emails: [{ email: 'shared@example.com' }], name: { first: 'Kim' } }),
    );
    expect(result).toEqual({ contactId: member.contactId, identityType: 'MEMBER' });
    expect(site.contacts.inspectContact(member.contactId ?? '')?.info.emails?.map((e) => e.email)).toEqual([
      'kim@example.com',
      'shared@example.com',
    ]);
    expect(site.contacts.inspectContact(older._id)?.info.name).toBeUndefined();
  });

  it('finds contacts of an imported state', async () => {
    const ada = site.contacts.seedContact({ emails: [{ email: 'ada@example.com' }], phones: [{ phone: '+44 20 7946 0000' }] });
    const restored = startSite({ state: site.exportState() });
    const byEmailMatch = await restored.as(callers.visitor('v-r1'), () => contacts.appendOrCreateContact({ emails: [{ email: 'ADA@example.com' }] }));
    const byPhoneMatch = await restored.as(callers.visitor('v-r2'), () => contacts.appendOrCreateContact({ phones: [{ phone: '+442079460000' }] }));
    expect([byEmailMatch.contactId, byPhoneMatch.contactId]).toEqual([ada._id, ada._id]);
  });
});

describe('queryContacts by email and _id', () => {
  it('finds an email appended later, in any case, newest contact first', async () => {
    const first = site.contacts.seedContact({ emails: [{ email: 'one@example.com' }] });
    site.clock.advance(1_000);
    const second = site.contacts.seedContact({ emails: [{ email: 'two@example.com' }, { email: 'Shared@Example.com' }] });
    await site.as(callers.visitor('v-1'), () => contacts.appendOrCreateContact({ emails: [{ email: 'one@example.com' }, { email: 'shared@example.com' }] }));

    expect(ids(await byEmail('SHARED@example.com'))).toEqual([second._id, first._id]);
    const ascending = await asAdmin(() =>
      contacts.queryContacts().hasSome('info.emails.email', ['shared@example.com', 'nobody@example.com']).ascending('_createdDate').find(),
    );
    expect(ids(ascending)).toEqual([first._id, second._id]);
  });

  it('applies the rest of the filter to the contacts an email or _id points at', async () => {
    const ada = site.contacts.seedContact({ name: { first: 'Ada' }, emails: [{ email: 'ada@example.com' }, { email: 'team@example.com' }] });
    const bob = site.contacts.seedContact({ name: { first: 'Bob' }, emails: [{ email: 'team@example.com' }] });
    const team = () => contacts.queryContacts().eq('info.emails.email', 'team@example.com');

    expect(ids(await asAdmin(() => team().eq('info.name.first', 'Bob').find()))).toEqual([bob._id]);
    expect(ids(await asAdmin(() => contacts.queryContacts().eq('primaryInfo.email', 'team@example.com').find()))).toEqual([bob._id]);
    expect(ids(await asAdmin(() => contacts.queryContacts().hasSome('_id', [ada._id, bob._id, 'missing']).find()))).toEqual([bob._id, ada._id]);
    expect(ids(await asAdmin(() => contacts.queryContacts().eq('_id', ada._id).eq('info.name.first', 'Bob').find()))).toEqual([]);
    // Under `or`, an email condition does not narrow the search.
    const either = await asAdmin(() => team().or(contacts.queryContacts().eq('info.name.first', 'Carol')).find());
    expect(ids(either)).toEqual([bob._id, ada._id]);
  });
});

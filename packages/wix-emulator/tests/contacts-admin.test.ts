import { contacts } from 'wix-crm-backend';
import { runElevated } from '../src/kernel/caller';
import type { Site } from '../src/site';
import { callers, startSite } from '../src/testing';

let site: Site;
beforeEach(() => {
  site = startSite();
});

const forbidden = { status: 403, details: { applicationError: { code: 'FORBIDDEN' } } };

describe('contacts.createContact', () => {
  it('returns the new contact in the wix-crm-backend shape, with Dates and no memberId', async () => {
    const contact = await site.as(callers.admin(), () =>
      contacts.createContact({
        name: { first: 'Ari', last: 'Thereyet' },
        emails: [{ email: 'ari@example.com', tag: 'HOME' }],
        phones: [{ phone: '+16010811240', countryCode: 'US', tag: 'MOBILE' }],
      }),
    );
    expect(contact).toEqual({
      _id: expect.any(String),
      revision: 0,
      source: { sourceType: 'WIX_CODE' },
      _createdDate: site.clock.now(),
      _updatedDate: site.clock.now(),
      lastActivity: { activityDate: site.clock.now(), activityType: 'CONTACT_CREATED' },
      primaryInfo: { email: 'ari@example.com', phone: '+16010811240' },
      info: {
        name: { first: 'Ari', last: 'Thereyet' },
        picture: {},
        emails: [{ _id: expect.any(String), tag: 'HOME', email: 'ari@example.com', primary: true }],
        phones: [
          { _id: expect.any(String), tag: 'MOBILE', countryCode: 'US', phone: '+16010811240', e164Phone: '+16010811240', primary: true },
        ],
        extendedFields: { 'contacts.displayByFirstName': 'Ari Thereyet', 'contacts.displayByLastName': 'Thereyet Ari' },
      },
    });
  });

  it('honours an explicit primary email', async () => {
    const contact = await site.as(callers.admin(), () =>
      contacts.createContact({ emails: [{ email: 'a@example.com' }, { email: 'b@example.com', primary: true }] }),
    );
    expect(contact.primaryInfo?.email).toBe('b@example.com');
  });

  it('refuses a duplicate email (any case) unless allowDuplicates is set', async () => {
    const first = site.contacts.seedContact({ emails: [{ email: 'dup@example.com' }] });
    const error = await site
      .as(callers.admin(), () => contacts.createContact({ emails: [{ email: 'DUP@example.com' }] }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 409,
      details: { applicationError: { code: 'DUPLICATE_CONTACT_EXISTS', data: { duplicateContactId: first._id } } },
    });
    const second = await site.as(callers.admin(), () =>
      contacts.createContact({ emails: [{ email: 'DUP@example.com' }] }, { allowDuplicates: true }),
    );
    expect(second._id).not.toBe(first._id);
  });

  it('needs a name, an email or a phone', async () => {
    await expect(site.as(callers.admin(), () => contacts.createContact({ jobTitle: 'Engineer' }))).rejects.toMatchObject({
      status: 400,
      details: { applicationError: { code: 'INSUFFICIENT_CONTACT_DATA' } },
    });
  });

  it('is admin-level: a visitor is refused, suppressAuth or elevation lets backend code through', async () => {
    const info = { name: { first: 'Perm' } };
    await expect(site.as(callers.visitor(), () => contacts.createContact(info))).rejects.toMatchObject(forbidden);
    await expect(site.as(callers.visitor(), () => contacts.createContact(info, { suppressAuth: true }))).resolves.toHaveProperty('_id');
    await expect(site.as(callers.member('m-1'), () => runElevated(() => contacts.createContact(info)))).resolves.toHaveProperty('_id');
    expect(site.events.log('wixCrm_onContactCreated')).toHaveLength(2);
  });
});

describe('contacts.getContact', () => {
  it('returns a copy of the contact: changing it changes nothing stored', async () => {
    const seeded = site.contacts.seedContact({ name: { first: 'Copy' } });
    const contact = await site.as(callers.admin(), () => contacts.getContact(seeded._id));
    contact.info.name = { first: 'Changed' };
    expect(site.contacts.inspectContact(seeded._id)?.info.name).toEqual({ first: 'Copy' });
  });

  it('answers 404 CONTACT_NOT_FOUND for an unknown ID', async () => {
    await expect(
      site.as(callers.admin(), () => contacts.getContact('00000000-0000-4000-8000-000000000000')),
    ).rejects.toMatchObject({ status: 404, details: { applicationError: { code: 'CONTACT_NOT_FOUND' } } });
  });

  it('is admin-level unless suppressAuth is set', async () => {
    const seeded = site.contacts.seedContact({ name: { first: 'Secret' } });
    await expect(site.as(callers.member('m-1'), () => contacts.getContact(seeded._id))).rejects.toMatchObject(forbidden);
    await expect(
      site.as(callers.eventHandler(), () => contacts.getContact(seeded._id, { suppressAuth: true })),
    ).resolves.toMatchObject({ _id: seeded._id });
    expect(site.journal.entries('contacts.getContact').map((e) => [e.outcome, e.elevated])).toEqual([
      ['error', false],
      ['ok', true],
    ]);
  });
});

describe('contacts state', () => {
  it('survives exportState/importState, sessions included', async () => {
    await site.as(callers.visitor('v-9'), () => contacts.appendOrCreateContact({ emails: [{ email: 'keep@example.com' }] }));
    const restored = startSite({ state: site.exportState() });
    expect(restored.contacts.listContacts()).toEqual(site.contacts.listContacts());
    expect(restored.contacts.inspectSession('v-9')).toBe(site.contacts.inspectSession('v-9'));
  });
});

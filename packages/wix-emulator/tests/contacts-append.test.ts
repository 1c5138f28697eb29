import { contacts } from 'wix-crm-backend';
import { contacts as frontendContacts } from 'wix-crm-frontend';
import type { Site } from '../src/site';
import { callers, startSite } from '../src/testing';

let site: Site;
beforeEach(() => {
  site = startSite();
});

const asVisitor = <T>(fn: () => T, visitorId = 'visitor-1') => site.as(callers.visitor(visitorId), fn);

describe('contacts.appendOrCreateContact', () => {
  it('creates a contact from a name, email or phone and reports identityType CONTACT', async () => {
    const result = await asVisitor(() =>
      contacts.appendOrCreateContact({ name: { first: 'Ada', last: 'Lovelace' }, emails: [{ email: 'ada@example.com' }] }),
    );
    expect(result).toEqual({ contactId: expect.any(String), identityType: 'CONTACT' });
    const contact = site.contacts.inspectContact(result.contactId);
    expect(contact?.primaryInfo).toEqual({ email: 'ada@example.com' });
    expect(contact?.info.emails).toEqual([{ _id: expect.any(String), tag: 'UNTAGGED', email: 'ada@example.com', primary: true }]);
    expect(contact).not.toHaveProperty('memberId');
  });

  it('needs no permission: a plain visitor may call it', async () => {
    await expect(asVisitor(() => contacts.appendOrCreateContact({ phones: [{ phone: '+1 555 0100' }] }))).resolves.toMatchObject({
      identityType: 'CONTACT',
    });
  });

  it('matches an existing contact by email case-insensitively and only fills what is empty', async () => {
    const existing = site.contacts.seedContact({ name: { first: 'Ada' }, emails: [{ email: 'Ada@Example.com' }] });
    const result = await asVisitor(() =>
      contacts.appendOrCreateContact({
        name: { first: 'Augusta', last: 'King' },
        emails: [{ email: 'ADA@example.COM' }, { email: 'ada.work@example.com' }],
        phones: [{ phone: '+44 20 7946 0000' }],
      }),
    );
    expect(result).toEqual({ contactId: existing._id, identityType: 'CONTACT' });
    const contact = site.contacts.inspectContact(existing._id);
    expect(contact?.info.name).toEqual({ first: 'Ada', last: 'King' });
    expect(contact?.info.emails?.map((e) => [e.email, e.primary])).toEqual([
      ['Ada@Example.com', true],
      ['ada.work@example.com', false],
    ]);
    expect(contact?.info.phones?.map((p) => p.phone)).toEqual(['+44 20 7946 0000']);
    expect(contact?.revision).toBe(existing.revision + 1);
    expect(site.contacts.listContacts()).toHaveLength(1);
  });

  it('matches by phone digits when no email matches', async () => {
    const existing = site.contacts.seedContact({ phones: [{ phone: '+1 (704) 454-1233' }] });
    const result = await asVisitor(() => contacts.appendOrCreateContact({ phones: [{ phone: '+1 704-454-1233' }] }));
    expect(result.contactId).toBe(existing._id);
  });

  it('falls back to the contact the visitor session was already associated with when nothing identifies anyone', async () => {
    const first = await asVisitor(() => contacts.appendOrCreateContact({ emails: [{ email: 'grace@example.com' }] }));
    const second = await asVisitor(() => contacts.appendOrCreateContact({ company: 'Acme' }));
    expect(second).toEqual({ contactId: first.contactId, identityType: 'CONTACT' });
    expect(site.contacts.inspectContact(first.contactId)?.info.company).toBe('Acme');
  });

  it('creates a new contact for a new email before it falls back to the session (backend order)', async () => {
    const first = await asVisitor(() => contacts.appendOrCreateContact({ emails: [{ email: 'hal@example.com' }] }));
    const second = await asVisitor(() => contacts.appendOrCreateContact({ emails: [{ email: 'someone-else@example.com' }] }));
    expect(second.contactId).not.toBe(first.contactId);
    expect(site.contacts.inspectContact(first.contactId)?.info.emails?.map((e) => e.email)).toEqual(['hal@example.com']);
  });

  it('tries the session before creating when called from page code (frontend order)', async () => {
    const first = await asVisitor(() => frontendContacts.appendOrCreateContact({ emails: [{ email: 'ivy@example.com' }] }));
    const second = await asVisitor(() => frontendContacts.appendOrCreateContact({ name: { first: 'Ivy' } }));
    expect(second).toEqual({ contactId: first.contactId, identityType: 'CONTACT' });
  });

  it("reconciles a logged-in member with the member's own contact (MEMBER), skipping matching", async () => {
    const member = site.members.seedMember({ email: 'member@example.com' });
    const other = site.contacts.seedContact({ emails: [{ email: 'other@example.com' }] });
    const result = await site.as(callers.member(member._id), () =>
      contacts.appendOrCreateContact({ emails: [{ email: 'other@example.com' }] }),
    );
    expect(result).toEqual({ contactId: member.contactId, identityType: 'MEMBER' });
    expect(result.contactId).not.toBe(other._id);
  });

  it('returns NOT_AUTHENTICATED_MEMBER for a match owned by a logged-out member and changes nothing', async () => {
    const member = site.members.seedMember({ email: 'member@example.com', firstName: 'Mem' });
    const before = site.contacts.inspectContact(member.contactId);
    const result = await asVisitor(() =>
      contacts.appendOrCreateContact({ name: { last: 'Ber' }, emails: [{ email: 'MEMBER@example.com' }, { email: 'x@example.com' }] }),
    );
    expect(result).toEqual({ contactId: member.contactId, identityType: 'NOT_AUTHENTICATED_MEMBER' });
    expect(site.contacts.inspectContact(member.contactId)).toEqual(before);
    expect(site.contacts.inspectSession('visitor-1')).toBeUndefined();
  });

  it('rejects with INSUFFICIENT_CONTACT_DATA when nothing can be matched or created', async () => {
    const error = await asVisitor(() => contacts.appendOrCreateContact({ company: 'Analytical Engines' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, details: { applicationError: { code: 'INSUFFICIENT_CONTACT_DATA' } } });
  });

  it('refuses a malformed email with a validation error', async () => {
    const error = await asVisitor(() => contacts.appendOrCreateContact({ emails: [{ email: 'not-an-email' }] })).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, details: { validationError: { fieldViolations: [{ field: 'contactInfo.emails[0].email' }] } } });
  });

  it("promotes the visitor's Inbox conversation to the contact it becomes", async () => {
    site.inbox.participantSendsMessage({ anonymousVisitorId: 'visitor-1' }, 'Hello?');
    const { contactId } = await asVisitor(() => contacts.appendOrCreateContact({ emails: [{ email: 'new@example.com' }] }));
    expect(site.inbox.mergeLog()).toEqual([
      expect.objectContaining({ from: { anonymousVisitorId: 'visitor-1' }, to: { contactId } }),
    ]);
    expect(site.contacts.inspectSession('visitor-1')).toBe(contactId);
  });

  it('emits wixCrm_onContactCreated for a new contact and wixCrm_onContactUpdated for an appended one', async () => {
    const { contactId } = await asVisitor(() => contacts.appendOrCreateContact({ emails: [{ email: 'ev@example.com' }] }));
    await asVisitor(() => contacts.appendOrCreateContact({ emails: [{ email: 'ev@example.com' }], name: { first: 'Eve' } }));
    const [created] = site.events.log('wixCrm_onContactCreated');
    expect(created?.event).toMatchObject({
      metadata: { id: expect.any(String), entityId: contactId, eventTime: expect.any(String) },
      entity: { _id: contactId, revision: 0 },
    });
    expect(site.events.log('wixCrm_onContactUpdated')).toHaveLength(1);
  });

  it('is journaled as contacts.appendOrCreateContact and fails with an injected fault', async () => {
    site.faults.inject('contacts.appendOrCreateContact', { status: 503 });
    await expect(asVisitor(() => contacts.appendOrCreateContact({ name: { first: 'A' } }))).rejects.toMatchObject({ status: 503 });
    expect(site.journal.count('contacts.appendOrCreateContact', 'error')).toBe(1);
  });
});

describe('wix-crm-frontend contacts.appendOrCreateContact', () => {
  it('follows the same rules as the backend', async () => {
    const existing = site.contacts.seedContact({ emails: [{ email: 'page@example.com' }] });
    await expect(
      asVisitor(() => frontendContacts.appendOrCreateContact({ emails: [{ email: 'PAGE@example.com' }] })),
    ).resolves.toEqual({ contactId: existing._id, identityType: 'CONTACT' });
  });
});

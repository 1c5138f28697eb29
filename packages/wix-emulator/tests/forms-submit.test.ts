import { labelOf } from '../src/forms/forms';
import type { Site } from '../src/site';
import { callers, startSite } from '../src/testing';

let site: Site;
beforeEach(() => {
  site = startSite();
});

const fields = { 'First Name': 'Ada', 'Last Name': 'Lovelace', Email: 'Ada@Example.com', Message: 'Hello' };

describe('site.forms.submit', () => {
  it('upserts the contact from the email/name/phone fields and returns the submission and contact IDs', async () => {
    const result = await site.as(callers.visitor('v-form'), () =>
      site.forms.submit({ generation: 'wixForms', formName: 'Contact us', fields }),
    );
    expect(result).toEqual({ submissionId: expect.any(String), contactId: expect.any(String) });
    const contact = site.contacts.inspectContact(result.contactId);
    expect(contact?.info.name).toEqual({ first: 'Ada', last: 'Lovelace' });
    expect(contact?.primaryInfo).toEqual({ email: 'Ada@Example.com' });
    expect(contact?.source.sourceType).toBe('WIX_FORMS');
    expect(contact?.lastActivity.activityType).toBe('FORM_SUBMITTED');
  });

  it('reuses the contact with the same email (any case)', async () => {
    const existing = site.contacts.seedContact({ emails: [{ email: 'ada@example.com' }] });
    const result = await site.as(callers.visitor(), () => site.forms.submit({ generation: 'wixForms', formName: 'F', fields }));
    expect(result.contactId).toBe(existing._id);
  });

  it('splits a lone name field into first and last name', async () => {
    const { contactId } = await site.as(callers.visitor(), () =>
      site.forms.submit({ generation: 'wixFormsV2', formName: 'F', fields: { name: 'Grace Brewster Hopper', phone: '+1 555 0100' } }),
    );
    expect(site.contacts.inspectContact(contactId)?.info.name).toEqual({ first: 'Grace', last: 'Brewster Hopper' });
  });

  it('old forms emit wixCrm_onFormSubmit only', async () => {
    const { contactId } = await site.as(callers.visitor(), () => site.forms.submit({ generation: 'wixForms', formName: 'Contact us', fields }));
    expect(site.events.log('wixCrm_onFormSubmit').map((e) => e.event)).toEqual([
      {
        contactId,
        formName: 'Contact us',
        submissionTime: site.clock.now(),
        submissionData: Object.entries(fields).map(([fieldName, fieldValue]) => ({ fieldName, fieldValue })),
        attachments: [],
      },
    ]);
    expect(site.events.log('wixForms_onSubmissionCreated')).toEqual([]);
  });

  it('new forms emit wixForms_onSubmissionCreated only (wixCrm_onFormSubmit is documented for the old element)', async () => {
    const { submissionId, contactId } = await site.as(callers.visitor('v-new'), () =>
      site.forms.submit({ generation: 'wixFormsV2', formName: 'Contact us', formId: 'form-1', fields }),
    );
    expect(site.events.log('wixCrm_onFormSubmit')).toEqual([]);
    expect(site.events.log('wixForms_onSubmissionCreated').map((e) => e.event)).toEqual([
      {
        entity: {
          _id: submissionId,
          formId: 'form-1',
          namespace: 'wix.form_app.form',
          status: 'CONFIRMED',
          submissions: fields,
          submitter: { visitorId: 'v-new' },
          contactId,
          _createdDate: site.clock.now(),
        },
        metadata: { id: expect.any(String), entityId: submissionId, eventTime: site.clock.now() },
      },
    ]);
  });

  it('names fields by label in the old event and by key in the new one, as the Velo reference shows them', async () => {
    const submission = {
      formName: 'Contact us',
      fields: { first_name: 'Patsy', last_name: 'McBride', email_7f3a: 'patsy@example.com', note: 'Hi' },
      labels: { email_7f3a: 'Email', note: 'Anything else?' },
    };
    await site.as(callers.visitor('v-keys'), () => site.forms.submit({ generation: 'wixForms', ...submission }));
    const { contactId } = await site.as(callers.visitor('v-keys'), () => site.forms.submit({ generation: 'wixFormsV2', ...submission }));
    const [old] = site.events.log('wixCrm_onFormSubmit');
    expect(old?.event).toMatchObject({
      submissionData: [
        { fieldName: 'First Name', fieldValue: 'Patsy' },
        { fieldName: 'Last Name', fieldValue: 'McBride' },
        { fieldName: 'Email', fieldValue: 'patsy@example.com' },
        { fieldName: 'Anything else?', fieldValue: 'Hi' },
      ],
    });
    const [created] = site.events.log('wixForms_onSubmissionCreated');
    expect(created?.event).toMatchObject({
      entity: { submissions: { first_name: 'Patsy', last_name: 'McBride', email_7f3a: 'patsy@example.com', note: 'Hi' } },
    });
    // A key the contact mapping does not know (`email_7f3a`) is still recognised by its label.
    expect(site.contacts.inspectContact(contactId)?.primaryInfo).toEqual({ email: 'patsy@example.com' });
  });

  it('accepts labels for fields the visitor left empty, and refuses a label that is not text', async () => {
    await expect(
      site.as(callers.visitor(), () =>
        site.forms.submit({ generation: 'wixForms', formName: 'F', fields: { email: 'a@example.com' }, labels: { email: 'Email', phone: 'Phone' } }),
      ),
    ).resolves.toMatchObject({ contactId: expect.any(String) });
    await expect(
      site.as(callers.visitor(), () =>
        site.forms.submit({ generation: 'wixForms', formName: 'F', fields: { email: 'a@example.com' }, labels: { email: ' ' } }),
      ),
    ).rejects.toMatchObject({ status: 400, details: { validationError: { fieldViolations: [expect.objectContaining({ field: 'labels.email' })] } } });
  });

  it.each([
    ['first_name', 'First Name'],
    ['firstName', 'First Name'],
    ['email', 'Email'],
    ['long-answer_2', 'Long Answer 2'],
    ['Already Labelled', 'Already Labelled'],
  ])('labels an undeclared key %s as %s', (key, label) => {
    expect(labelOf({}, key)).toBe(label);
  });

  it('keeps non-text values in new-forms submissions: numbers, choices, an address object, uploaded files', async () => {
    const address = { city: 'Springfield', country: 'US' };
    const files = [{ fileId: 'f1', displayName: 'cv.pdf', url: 'https://static.wixstatic.com/cv.pdf' }];
    await site.as(callers.visitor(), () =>
      site.forms.submit({ generation: 'wixFormsV2', formName: 'F', fields: { email: 'a@example.com', topics: ['Sales', 'Support'], age: 42, address, files } }),
    );
    const [created] = site.events.log('wixForms_onSubmissionCreated');
    expect(created?.event).toMatchObject({ entity: { submissions: { topics: ['Sales', 'Support'], age: 42, address, files } } });
  });

  it('records the namespace of the app a new form belongs to (Wix Forms unless another is named)', async () => {
    await site.as(callers.visitor(), () =>
      site.forms.submit({ generation: 'wixFormsV2', formName: 'Book a class', namespace: 'wix.bookings.v2.bookings', fields: { email: 'a@example.com' } }),
    );
    expect(site.events.log('wixForms_onSubmissionCreated')[0]?.event).toMatchObject({ entity: { namespace: 'wix.bookings.v2.bookings' } });
  });

  it('refuses old-forms field values that are not text', async () => {
    await expect(
      site.as(callers.visitor(), () => site.forms.submit({ generation: 'wixForms', formName: 'F', fields: { email: 'a@example.com', x: { y: 1 } } })),
    ).rejects.toMatchObject({ status: 400, details: { validationError: { fieldViolations: [{ field: 'fields.x' }] } } });
  });

  it('names a logged-in member as the submitter and uses their contact', async () => {
    const me = site.members.seedMember({ email: 'me@example.com' });
    const { contactId } = await site.as(callers.member(me._id), () =>
      site.forms.submit({ generation: 'wixFormsV2', formName: 'F', fields: { email: 'someone.else@example.com' } }),
    );
    expect(contactId).toBe(me.contactId);
    const [created] = site.events.log('wixForms_onSubmissionCreated');
    expect(created?.event).toMatchObject({ entity: { submitter: { memberId: me._id } } });
  });

  it('refuses a submission without contact details', async () => {
    await expect(
      site.as(callers.visitor(), () => site.forms.submit({ generation: 'wixForms', formName: 'F', fields: { Message: 'Hi' } })),
    ).rejects.toMatchObject({ status: 400, details: { applicationError: { code: 'INSUFFICIENT_CONTACT_DATA' } } });
    expect(site.events.log()).toEqual([]);
  });

  it("promotes the visitor's Inbox conversation to the contact", async () => {
    site.inbox.participantSendsMessage({ anonymousVisitorId: 'v-chat' }, 'hi');
    const { contactId } = await site.as(callers.visitor('v-chat'), () => site.forms.submit({ generation: 'wixForms', formName: 'F', fields }));
    expect(site.inbox.mergeLog()).toEqual([
      expect.objectContaining({ from: { anonymousVisitorId: 'v-chat' }, to: { contactId } }),
    ]);
  });

  it('is journaled as forms.submit', async () => {
    await site.as(callers.visitor(), () => site.forms.submit({ generation: 'wixForms', formName: 'F', fields }));
    expect(site.journal.count('forms.submit', 'ok')).toBe(1);
  });
});

import { beforeEach, describe, expect, it } from '@jest/globals';
import { Random, type Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { builtEventHandlers, startBuiltSite, type BuiltSite } from '../support/built-site-with-code';

// The two events of one new-forms submission, in the shapes the Velo reference documents: the old event names each
// field by its label, the new one by its key (wix-crm-backend Events.onFormSubmit, wix-forms-v2 Events.onSubmissionCreated).
const LABELS = { first_name: 'First Name', last_name: 'Last Name', email: 'Email', message: 'Your message' } as const;

function oldEvent(contactId: string, values: Readonly<Record<keyof typeof LABELS, string>>, order = Object.keys(LABELS)) {
  return {
    contactId,
    formName: 'Contact us',
    submissionTime: new Date(),
    submissionData: order.map((key) => ({ fieldName: LABELS[key as keyof typeof LABELS], fieldValue: values[key as keyof typeof LABELS] })),
    attachments: [],
  };
}

function newEvent(contactId: string, values: Readonly<Record<string, string>>) {
  return {
    entity: { _id: 'submission-1', formId: '21bcb6c7-02b3-4ed1-b6db-7856094fac03', namespace: 'wix.form_app.form', contactId, submissions: { ...values } },
    metadata: { id: 'event-1' },
  };
}

const VALUES = { first_name: 'Patsy', last_name: 'McBride', email: 'patsy@example.com', message: 'Call me back' };

let site: Site;
let contactId: string;
let built: BuiltSite;
let handlers: ReturnType<typeof builtEventHandlers>;
const formRecordKey: (typeof import('backend/inbox/event-handlers'))['formRecordKey'] = (...args) =>
  (built.repo.backendModule('backend/inbox/event-handlers').formRecordKey as (typeof import('backend/inbox/event-handlers'))['formRecordKey'])(...args);
beforeEach(() => {
  // The built handlers, called directly: no events.js dispatch in this file.
  built = startBuiltSite();
  ({ site } = built);
  site.events.setHandlers({});
  contactId = seedContact(site, { email: 'patsy@example.com' });
  handlers = builtEventHandlers(built);
});

const formRecords = () => {
  const conversation = site.inbox.conversationOf({ contactId });
  return conversation ? site.inbox.messagesOf(conversation.conversation._id ?? '').filter((m) => m.message.content?.form) : [];
};
const asHandler = <T>(fn: () => Promise<T>) => site.as(callers.eventHandler(), fn);

describe('a new-forms submission that fires both form events', () => {
  it('is recorded once when the labelled old event comes first and the keyed new event second', async () => {
    await asHandler(() => handlers.wixCrm_onFormSubmit(oldEvent(contactId, VALUES)));
    await asHandler(() => handlers.wixForms_onSubmissionCreated(newEvent(contactId, VALUES)));

    const records = formRecords();
    expect(records).toHaveLength(1);
    // The record keeps the names of the event that arrived first: here the labels the business sees on the form.
    expect(records[0]?.message.content?.form?.fields).toEqual([
      { name: 'First Name', value: 'Patsy' },
      { name: 'Last Name', value: 'McBride' },
      { name: 'Email', value: 'patsy@example.com' },
      { name: 'Your message', value: 'Call me back' },
    ]);
  });

  it('is recorded once when the keyed new event comes first', async () => {
    await asHandler(() => handlers.wixForms_onSubmissionCreated(newEvent(contactId, VALUES)));
    await asHandler(() => handlers.wixCrm_onFormSubmit(oldEvent(contactId, VALUES)));
    expect(formRecords()).toHaveLength(1);
    expect(formRecords()[0]?.message.content?.form?.fields?.map((f) => f.name)).toEqual(['first_name', 'last_name', 'email', 'message']);
  });

  it('is recorded once when both events are handled at the same time', async () => {
    await asHandler(() =>
      Promise.all([handlers.wixCrm_onFormSubmit(oldEvent(contactId, VALUES)), handlers.wixForms_onSubmissionCreated(newEvent(contactId, VALUES))]),
    );
    expect(formRecords()).toHaveLength(1);
  });

  it('is recorded once whatever the field order and the empty fields one event lists and the other leaves out', async () => {
    const { message: _left, ...answered } = VALUES;
    await asHandler(() => handlers.wixCrm_onFormSubmit(oldEvent(contactId, { ...answered, message: '  ' }, ['message', 'email', 'last_name', 'first_name'])));
    await asHandler(() => handlers.wixForms_onSubmissionCreated(newEvent(contactId, answered)));
    expect(formRecords()).toHaveLength(1);
  });

  it('in any order, delivered once or twice, with any interleaving, is recorded once (200 seeds)', async () => {
    for (let seed = 1; seed <= 200; seed += 1) {
      const random = new Random(seed);
      const values = { ...VALUES, message: `Message ${seed}` };
      const deliveries = [
        () => handlers.wixCrm_onFormSubmit(oldEvent(contactId, values, shuffle(Object.keys(LABELS), random))),
        () => handlers.wixForms_onSubmissionCreated(newEvent(contactId, Object.fromEntries(shuffle(Object.entries(values), random)))),
      ];
      if (random.next() < 0.5) deliveries.push(deliveries[Math.floor(random.next() * 2)] as (typeof deliveries)[number]);
      const order = shuffle(deliveries, random);
      await asHandler(() => Promise.all(order.map((deliver, i) => wait(i * Math.floor(random.next() * 3)).then(deliver))));
      const mine = formRecords().filter((m) => m.message.content?.form?.fields?.some((f) => f.value === `Message ${seed}`));
      if (mine.length !== 1) throw new Error(`seed ${seed}: ${mine.length} records`);
    }
  }, 60_000);
});

describe('separate submissions', () => {
  it('with different values are recorded separately', async () => {
    await asHandler(() => handlers.wixCrm_onFormSubmit(oldEvent(contactId, VALUES)));
    await asHandler(() => handlers.wixForms_onSubmissionCreated(newEvent(contactId, { ...VALUES, message: 'Something else' })));
    expect(formRecords()).toHaveLength(2);
  });
});

describe('formRecordKey', () => {
  const fields = (...values: string[]) => values.map((value, i) => ({ name: `field ${i}`, value }));

  it('ignores field names, field order and empty values', () => {
    expect(formRecordKey('c-1', [{ name: 'Email', value: 'a@example.com' }, { name: 'Phone', value: '' }, { name: 'First Name', value: 'Ann' }])).toBe(
      formRecordKey('c-1', [{ name: 'first_name', value: 'Ann' }, { name: 'email', value: ' a@example.com ' }]),
    );
  });

  it('tells contacts and values apart', () => {
    expect(formRecordKey('c-1', fields('a', 'b'))).not.toBe(formRecordKey('c-2', fields('a', 'b')));
    expect(formRecordKey('c-1', fields('a', 'b'))).not.toBe(formRecordKey('c-1', fields('a', 'c')));
    // Values are not concatenated: ["ab", ""] and ["a", "b"] are different submissions.
    expect(formRecordKey('c-1', fields('ab'))).not.toBe(formRecordKey('c-1', fields('a', 'b')));
  });
});

function shuffle<T>(items: readonly T[], random: Random): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random.next() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

function wait(ticks: number): Promise<void> {
  return ticks === 0 ? Promise.resolve() : new Promise((resolve) => setImmediate(() => resolve(wait(ticks - 1))));
}

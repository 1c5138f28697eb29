import { beforeEach, expect, it } from '@jest/globals';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { startSiteWithCode } from '../support/site-with-code';

let site: Site;
beforeEach(() => { site = startSiteWithCode(); });

const formRecords = (contactId: string) => {
  const conversation = site.inbox.conversationOf({ contactId });
  return conversation ? site.inbox.messagesOf(conversation.conversation._id ?? '').filter((m) => m.message.content?.form) : [];
};

// Should a new-forms submission reach both form events (Wix documents the old one for the old element only; the
// emulator no longer fires it for new forms, see 16-form-submissions-*), the old one names each field by its label
// ("First Name"), the new one by its key ("first_name"); tests/events/form-records-across-events.test.ts covers both.
it('records a new-forms submission once', async () => {
  const { contactId } = await site.as(callers.visitor('v-patsy'), () =>
    site.forms.submit({
      generation: 'wixFormsV2',
      formName: 'Contact us',
      fields: { first_name: 'Patsy', last_name: 'McBride', email: 'patsy@example.com', message: 'Call me back' },
      labels: { first_name: 'First Name', last_name: 'Last Name', email: 'Email', message: 'How can we help?' },
    }),
  );
  await site.events.settle();

  expect(site.events.log('wixCrm_onFormSubmit')).toHaveLength(0);
  expect(site.events.log('wixForms_onSubmissionCreated')).toHaveLength(1);
  expect(formRecords(contactId)).toHaveLength(1);
});

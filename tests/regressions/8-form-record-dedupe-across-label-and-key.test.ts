import { beforeEach, expect, it } from '@jest/globals';
import type { Site } from '../../emulator/site';
import { callers } from '../support/emulator';
import { startSiteWithCode } from '../support/site-with-code';

let site: Site;
beforeEach(() => { site = startSiteWithCode(); });

const formRecords = (contactId: string) => {
  const conversation = site.inbox.conversationOf({ contactId });
  return conversation ? site.inbox.messagesOf(conversation.conversation._id ?? '').filter((m) => m.message.content?.form) : [];
};

// A new-forms submission fires both form events: the old one names each field by its label ("First Name"), the new
// one by its key ("first_name"). Keying the record on field names recorded the same submission twice.
it('records a new-forms submission once although its two events name the fields differently', async () => {
  const { contactId } = await site.as(callers.visitor('v-patsy'), () =>
    site.forms.submit({
      generation: 'wixFormsV2',
      formName: 'Contact us',
      fields: { first_name: 'Patsy', last_name: 'McBride', email: 'patsy@example.com', message: 'Call me back' },
      labels: { first_name: 'First Name', last_name: 'Last Name', email: 'Email', message: 'How can we help?' },
    }),
  );
  await site.events.settle();

  expect(site.events.log('wixCrm_onFormSubmit')).toHaveLength(1);
  expect(site.events.log('wixForms_onSubmissionCreated')).toHaveLength(1);
  expect(formRecords(contactId)).toHaveLength(1);
});

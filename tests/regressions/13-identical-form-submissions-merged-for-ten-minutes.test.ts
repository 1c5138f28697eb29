import { beforeEach, describe, expect, it } from '@jest/globals';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { startSiteWithCode } from '../support/site-with-code';

// The form record's key (contact + submitted values) was claimed for 10 minutes, but it was also the send's
// idempotency key, which replays a delivered send for 24 hours: an identical submission an hour later was merged into
// the first, against decision note 0011. The record is now keyed by its window's slot, unique for ever.
let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
  site.clock.set(new Date('2030-04-01T09:00:00Z'));
});

const submit = async () => {
  const { contactId } = await site.as(callers.visitor('v-olga'), () =>
    site.forms.submit({ generation: 'wixForms', formName: 'Contact us', fields: { email: 'olga@example.com', message: 'Please call me' } }),
  );
  await site.events.settle();
  return contactId;
};
const formRecords = (contactId: string) => {
  const conversation = site.inbox.conversationOf({ contactId });
  return conversation ? site.inbox.messagesOf(conversation.conversation._id ?? '').filter((m) => m.message.content?.form).length : 0;
};

describe('identical form submissions by one contact', () => {
  it('are recorded once within ten minutes', async () => {
    const contactId = await submit();
    site.clock.advance(9 * 60 * 1000);
    await submit();
    expect(formRecords(contactId)).toBe(1);
  });

  it('are recorded again eleven minutes later, and an hour later, not merged for the replay window of 24 hours', async () => {
    const contactId = await submit();
    site.clock.advance(11 * 60 * 1000);
    await submit();
    site.clock.advance(60 * 60 * 1000);
    await submit();
    expect(formRecords(contactId)).toBe(3);
  });
});

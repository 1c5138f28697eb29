import { beforeEach, expect, it } from '@jest/globals';
import { sendAsCaller, type AccessDependencies } from 'backend/inbox/access';
import { controlsFor, type Site } from 'wix-emulator';
import { configuredSite } from '../support/configured-site';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

// Review of 5999f9c..138319f. A visitor's acknowledgement to a known contact looks the contact's conversation up a
// round early (access.ts `lookedUp`, by the contact ID findByEmail answered), and send.ts re-checks it with
// `addressedNow(deps, { conversationId, recipient: lookAhead })`. But when the template has a row in another language
// (InboxTemplates), prepareForPerson resolves the person AGAIN and `lookAhead` becomes that newer answer: a member, if
// the contact signed up meanwhile. addressedNow never checks a member, so the conversation the early lookup opened BY
// CONTACT ID after the sign-up (a detached one) is used as the member's, and the acknowledgement lands there.
let site: Site;
let deps: AccessDependencies;
beforeEach(() => {
  site = startSiteWithCode();
  site.data.defineCollection('InboxTemplates', { permissions: { read: 'Admin', insert: 'Admin', update: 'Admin', remove: 'Admin' } });
  deps = configuredSite(site, {});
  seedContact(site, { email: 'cy@example.com', first: 'Cy' });
  // The owner translated the acknowledgement: any language row makes the send resolve the person for their language.
  site.data.seedItems('InboxTemplates', [{ key: 'form-received', language: 'de', title: 'Wir haben Ihre Nachricht' }]);
});

const copies = () =>
  controlsFor(site)
    .inspect.conversations()
    .filter((c) => !c.mergedInto)
    .flatMap((c) => controlsFor(site).inspect.messages(c.conversation._id ?? '').map(() => ({ detached: c.detached, conversationId: c.conversation._id })));

it('a translated acknowledgement to a contact who signs up just before its early lookup reaches the member’s conversation, not a detached one', async () => {
  let memberId = '';
  // The sign-up lands after the visitor path resolved the email (a contact) and before its early lookup by contact ID.
  site.faults.interleave('inbox.getOrCreateConversation', () => {
    memberId = controlsFor(site).seed.memberSilently({ email: 'cy@example.com', firstName: 'Cy' })._id;
  });

  const status = await site.as(callers.visitor('v-cy'), () => sendAsCaller(deps, { email: 'cy@example.com' }, { template: 'form-received', vars: {} }, undefined));

  expect(status).toEqual({ status: 'sent' });
  expect(memberId).not.toBe('');
  expect(copies()).toEqual([{ detached: false, conversationId: site.inbox.conversationOf({ memberId })?.conversation._id }]);
});

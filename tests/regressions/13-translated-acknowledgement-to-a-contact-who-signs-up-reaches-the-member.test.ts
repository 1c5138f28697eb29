import { beforeEach, expect, it } from '@jest/globals';
import { sendAsCaller, type AccessDependencies } from 'backend/inbox/access';
import { controlsFor, type Site } from 'wix-emulator';
import { siteWithOwnerTemplates } from '../support/configured-site';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

// A visitor's acknowledgement to a known contact looks the contact's conversation up a round early (access.ts
// `lookedUp`, by the contact ID the email resolved to), and send.ts re-checks it for the recipient it was made for.
// When the template had a row in another language (InboxTemplates), prepareForPerson resolved the person again and the
// send paired that newer answer — a member, if the contact had signed up meanwhile — with the conversation looked up by
// contact ID after the sign-up (a detached one); a member is never re-checked, so the acknowledgement landed there.
// prepareForPerson now takes the person the caller resolved.
let site: Site;
let deps: AccessDependencies;
beforeEach(() => {
  ({ site, deps } = siteWithOwnerTemplates(startSiteWithCode));
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

it('a translated acknowledgement resolves the person once: the language is read for the person the visitor path found', async () => {
  site.journal.clear();

  await expect(site.as(callers.visitor('v-cy'), () => sendAsCaller(deps, { email: 'cy@example.com' }, { template: 'form-received', vars: {} }, undefined))).resolves.toEqual({ status: 'sent' });

  // The contact is read by ID once, for their language; resolving the person again read it by ID a second time.
  const byId = site.journal.entries().filter((e) => e.operation === 'contacts.queryContacts' && JSON.stringify(e.args).includes('"field":"_id"'));
  expect(byId).toHaveLength(1);
});

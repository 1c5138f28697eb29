import { expect, it } from '@jest/globals';
import { sendToMany } from 'backend/inbox/broadcast';
import { callers } from '../support/emulator';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';
import { drainUntilQuiet, seedCrowd, tally } from '../broadcast/broadcast-fixture';

// A broadcast resolves its list 100 at a time, several batches at once. One person named by email in the first batch
// and by contact ID in a later one, who signed up between the two, resolved once as their contact and once as their
// new member: two keys, two intents, the message twice. People are now one intent when their resolutions share a
// member or a contact, checked again once every batch is in.
const TEXT = 'Doors open at 9';

it.each([
  ['by email first, by contact ID in a later batch', 'email-then-contactId'],
  ['by contact ID first, by email in a later batch (found by login email, without a contact ID)', 'contactId-then-email'],
] as const)('one person named %s, who signs up while the list is resolved, gets the broadcast once', async (_how, order) => {
  const site = startSiteWithCode();
  const people = seedCrowd(site, 700);
  const signingUp = people[0]!;
  const fillers = people.slice(1, 600).map((p) => ({ email: p.email }));
  const list =
    order === 'email-then-contactId'
      ? [{ email: signingUp.email }, ...fillers, { contactId: signingUp.contactId }]
      : [{ contactId: signingUp.contactId }, ...fillers, { email: signingUp.email }];
  // The last batch (the seventh) is looked up after the first five: the person signs up just before it.
  let lookups = 0;
  let signedUp = false;
  site.faults.interleave(
    'contacts.queryContacts',
    () => {
      lookups += 1;
      if (lookups === 7 && !signedUp) {
        site.members.seedMember({ email: signingUp.email });
        signedUp = true;
      }
    },
    Number.POSITIVE_INFINITY,
  );
  const started = await site.as(callers.eventHandler(), () => sendToMany(siteDependencies(site), list, TEXT, { idempotencyKey: 'doors' }));
  site.faults.clear();
  expect(signedUp).toBe(true);
  expect(started.total).toBe(600);
  await drainUntilQuiet(site);
  expect(tally(site, people.slice(0, 600), TEXT)).toEqual({ once: 600, messages: 600, twice: 0 });
});

import { beforeEach, describe, expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox/send';
import { controlsFor, type Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

// A capped template's claim is kept on the chain of whom the send resolved to (frequency-cap.ts capChain:
// `<template>:contact:<id>` or `<template>:member:<id>`). 0020 made the cap follow a contact who signs up *during* a
// send; one who signs up *after* a send finished is not followed: the contact's claim is never read again ("inert"),
// and the member's chain is empty. The same person is then sent the template again:
// - once-per-24h: the acknowledgement to the contact at 09:00, the contact signs up, the same template by member ID at
//   10:00 goes out too: two in one hour to one person;
// - once-per-participant: a welcome sent to the contact, then the sign-up's welcome by member ID: two welcomes.
let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
  site.clock.set(new Date('2030-03-01T09:00:00Z'));
});
const HOUR = 60 * 60 * 1000;

describe('a person sent a capped template as a contact, then as the member they became', () => {
  it('once-per-24h: the same template by member ID an hour after the sign-up is skipped', async () => {
    const contactId = seedContact(site, { email: 'cy@example.com', first: 'Cy' });
    const deps = siteDependencies(site);
    const send = (query: { contactId: string } | { memberId: string }, key: string) =>
      site.as(callers.eventHandler(), () => sendToParticipant(deps, query, { template: 'auto-acknowledgement', vars: {} }, { idempotencyKey: key }));

    await expect(send({ contactId }, 'ack-1')).resolves.toMatchObject({ status: 'sent', kind: 'contact' });
    const memberId = controlsFor(site).seed.memberSilently({ email: 'cy@example.com', firstName: 'Cy' })._id;
    site.clock.advance(HOUR);
    await expect(send({ memberId }, 'ack-2')).resolves.toMatchObject({ status: 'skipped', reason: 'frequency-cap' });
    expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(1);
  });

  it('once-per-participant: the welcome sent to the contact is not sent again to the member', async () => {
    const contactId = seedContact(site, { email: 'dee@example.com', first: 'Dee' });
    const deps = siteDependencies(site);
    const welcome = (query: { contactId: string } | { memberId: string }, key: string) =>
      site.as(callers.eventHandler(), () => sendToParticipant(deps, query, { template: 'welcome', vars: { name: 'Dee' } }, { idempotencyKey: key }));

    await expect(welcome({ contactId }, 'welcome-contact')).resolves.toMatchObject({ status: 'sent', kind: 'contact' });
    const memberId = controlsFor(site).seed.memberSilently({ email: 'dee@example.com', firstName: 'Dee' })._id;
    site.clock.advance(HOUR);
    await expect(welcome({ memberId }, `member-created:${memberId}`)).resolves.toMatchObject({ status: 'skipped', reason: 'frequency-cap' });
    expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(1);
  });
});

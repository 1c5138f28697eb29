import { beforeEach, describe, expect, it } from '@jest/globals';
import { resolveParticipants } from 'backend/inbox/participant';
import type { ParticipantQuery } from 'backend/inbox/participant-query';
import { veloDirectory } from 'backend/wix/velo-directory';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact, seedMember } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
});

const resolveAll = (queries: ParticipantQuery[]) => site.as(callers.eventHandler(), () => resolveParticipants(veloDirectory, queries));

describe('resolving many participants at once', () => {
  it('answers 250 email queries with one contacts query and at most two members queries per 100 inputs', async () => {
    const emails = Array.from({ length: 250 }, (_, i) => `person${i}@example.com`);
    emails.forEach((email, i) => (i % 5 === 0 ? seedMember(site, { email }) : seedContact(site, { email })));
    const results = await resolveAll(emails.map((email) => ({ email })));

    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r) => r.ok && r.value.kind === 'member')).toHaveLength(50);
    expect(site.journal.count('contacts.queryContacts')).toBe(3);
    expect(site.journal.count('data.query')).toBeLessThanOrEqual(6);
  });

  it('keeps input order and fails bad inputs alone', async () => {
    const contactId = seedContact(site, { email: 'ok@example.com' });
    const results = await resolveAll([{ email: 'missing@example.com' }, { email: 'ok@example.com' }, { memberId: 'bad' }]);
    expect(results.map((r) => (r.ok ? r.value.contactId : r.error.code))).toEqual(['PARTICIPANT_NOT_FOUND', contactId, 'INVALID_INPUT']);
  });

  it('looks contacts and members up in parallel, not one after the other', async () => {
    seedContact(site, { email: 'p@example.com' });
    site.kernel.latencyMs = 100;
    await resolveAll([{ email: 'p@example.com' }]);
    const contacts = site.journal.entries('contacts.queryContacts');
    const members = site.journal.entries('data.query');
    // Each call costs 100 ms of emulated time; started together, both calls begin at the same instant.
    expect(contacts[0]?.at).toBeDefined();
    expect(members[0]?.at).toBe(contacts[0]?.at);
    expect(site.journal.entries()[0]?.operation).not.toBe(site.journal.entries()[1]?.operation);
  });
});

import { beforeEach, describe, expect, it } from '@jest/globals';
import { resolveParticipantId } from 'backend/inbox/participant';
import { veloDirectory } from 'backend/wix/velo-directory';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { registerMember, seedContact, seedMember } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
});

const resolve = (query: Parameters<typeof resolveParticipantId>[1]) =>
  site.as(callers.eventHandler(), () => resolveParticipantId(veloDirectory, query));

describe('resolving by member ID', () => {
  it('addresses an existing member by member ID and reports their contact', async () => {
    const ann = seedMember(site, { email: 'ann@example.com' });
    await expect(resolve({ memberId: ann.memberId })).resolves.toEqual({
      participantId: { memberId: ann.memberId },
      kind: 'member',
      contactId: ann.contactId,
      memberId: ann.memberId,
      matchedBy: 'memberId',
      candidates: 1,
    });
  });

  it('refuses a member ID nobody has with PARTICIPANT_NOT_FOUND', async () => {
    await expect(resolve({ memberId: '0b6e5b1a-1111-4222-8333-944455556666' })).rejects.toMatchObject({
      name: 'InboxError',
      code: 'PARTICIPANT_NOT_FOUND',
      field: 'query.memberId',
    });
  });
});

describe('resolving by contact ID', () => {
  it('addresses a contact who is not a member by contact ID', async () => {
    const contactId = seedContact(site, { email: 'bo@example.com' });
    await expect(resolve({ contactId })).resolves.toMatchObject({ participantId: { contactId }, kind: 'contact', contactId });
  });

  it("never addresses a member through their contact ID: the member's contact resolves to the member ID", async () => {
    const cy = seedMember(site, { email: 'cy@example.com' });
    expect(cy.memberId).not.toBe(cy.contactId);
    await expect(resolve({ contactId: cy.contactId })).resolves.toMatchObject({
      participantId: { memberId: cy.memberId },
      kind: 'member',
      contactId: cy.contactId,
      matchedBy: 'contactId',
    });
  });

  it('refuses an unknown contact ID with PARTICIPANT_NOT_FOUND', async () => {
    await expect(resolve({ contactId: '0b6e5b1a-1111-4222-8333-944455556666' })).rejects.toMatchObject({ code: 'PARTICIPANT_NOT_FOUND' });
  });
});

describe('resolving by email', () => {
  it('matches a contact email whatever its case', async () => {
    const contactId = seedContact(site, { email: 'Dee.Smith@Example.com' });
    await expect(resolve({ email: 'dee.smith@example.COM' })).resolves.toMatchObject({ participantId: { contactId }, kind: 'contact', matchedBy: 'email' });
  });

  it('prefers the member when the email belongs to a member', async () => {
    const eve = seedMember(site, { email: 'eve@example.com' });
    await expect(resolve({ email: 'eve@example.com' })).resolves.toMatchObject({
      participantId: { memberId: eve.memberId },
      kind: 'member',
      contactId: eve.contactId,
      candidates: 1,
    });
  });

  it('finds the member even when the query spells the login email in another case', async () => {
    const fay = seedMember(site, { email: 'Fay@Example.com' });
    await expect(resolve({ email: 'FAY@EXAMPLE.COM' })).resolves.toMatchObject({ participantId: { memberId: fay.memberId } });
  });

  it('lets a member win over other contacts sharing the email, and counts every candidate', async () => {
    const gus = seedMember(site, { email: 'gus@example.com' });
    seedContact(site, { emails: ['other@example.com', 'gus@example.com'] });
    await expect(resolve({ email: 'gus@example.com' })).resolves.toMatchObject({ participantId: { memberId: gus.memberId }, candidates: 2 });
  });

  it('prefers the contact whose primary email matches when several contacts share it', async () => {
    seedContact(site, { emails: ['first@example.com', 'shared@example.com'] });
    site.clock.advance(60_000);
    const primary = seedContact(site, { emails: ['shared@example.com'] });
    site.clock.advance(60_000);
    seedContact(site, { emails: ['third@example.com', 'shared@example.com'] });
    await expect(resolve({ email: 'shared@example.com' })).resolves.toMatchObject({ participantId: { contactId: primary }, candidates: 3 });
  });

  it('falls back to the most recently active contact when no primary email matches', async () => {
    seedContact(site, { emails: ['a1@example.com', 'dup@example.com'] });
    site.clock.advance(60_000);
    const recent = seedContact(site, { emails: ['a2@example.com', 'dup@example.com'] });
    await expect(resolve({ email: 'dup@example.com' })).resolves.toMatchObject({ participantId: { contactId: recent }, candidates: 2 });
  });

  it('reaches a member who registered after being a contact, by the same email', async () => {
    const contactId = seedContact(site, { email: 'hal@example.com' });
    const hal = registerMember(site, { email: 'hal@example.com' });
    await site.events.settle();
    expect(hal.contactId).toBe(contactId);
    await expect(resolve({ email: 'hal@example.com' })).resolves.toMatchObject({ participantId: { memberId: hal.memberId }, contactId });
  });

  it('refuses an email nobody has with PARTICIPANT_NOT_FOUND', async () => {
    await expect(resolve({ email: 'nobody@example.com' })).rejects.toMatchObject({ code: 'PARTICIPANT_NOT_FOUND', field: 'query.email' });
  });
});

describe('resolving by phone', () => {
  it('matches a contact phone on its digits', async () => {
    const contactId = seedContact(site, { phone: '+1 555 010 0200', first: 'Ivy' });
    await expect(resolve({ phone: '+1 555 010 0200' })).resolves.toMatchObject({ participantId: { contactId }, matchedBy: 'phone' });
  });

  it('refuses a phone nobody has with PARTICIPANT_NOT_FOUND', async () => {
    await expect(resolve({ phone: '+44 20 7946 0000' })).rejects.toMatchObject({ code: 'PARTICIPANT_NOT_FOUND' });
  });
});

describe('refusing bad queries', () => {
  it.each([
    [{ memberId: 'not-a-guid' }, 'query.memberId'],
    [{ contactId: 42 }, 'query.contactId'],
    [{ email: 'not an email' }, 'query.email'],
    [{ phone: '12' }, 'query.phone'],
    [{ phone: 'call me' }, 'query.phone'],
    [{ email: 'a@b.co', phone: '+15550100200' }, 'query'],
    [{}, 'query'],
    [{ nickname: 'x' }, 'query.key'],
  ])('%j is INVALID_INPUT at %s', async (query, field) => {
    await expect(resolve(query as never)).rejects.toMatchObject({ code: 'INVALID_INPUT', field });
  });

  it('explains that anonymous visitors cannot be addressed', async () => {
    const error = await resolve({ anonymousVisitorId: 'v-1' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ANONYMOUS_VISITOR_NOT_ADDRESSABLE' });
    expect((error as Error).message).toMatch(/collect their email or phone/i);
  });

  it('asks Wix nothing for an invalid query', async () => {
    await resolve({ email: 'nope' }).catch(() => undefined);
    expect(site.journal.entries()).toHaveLength(0);
  });
});

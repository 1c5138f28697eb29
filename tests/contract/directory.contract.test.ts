import { expect, it } from '@jest/globals';
import { resolveParticipantId } from 'backend/inbox/participant';
import { contractSuite, itWhere } from './contract-suite';

contractSuite('Directory', (world, target) => {
  const withMembers = itWhere(target.can.members, 'this target does not create members');

  it('finds a contact by email, case-insensitively, and resolves it by contact ID', async () => {
    const w = world();
    const email = `${w.unique('contact')}@example.com`;
    const contactId = await w.createContact(email);
    const found = await w.run(() => w.directory.findContacts({ ids: [], emails: [email.toLowerCase()], phones: [] }));
    expect(found.map((c) => c.id)).toEqual([contactId]);
    expect(found[0]?.emails.map((e) => e.toLowerCase())).toEqual([email.toLowerCase()]);
    const resolved = await w.run(() => resolveParticipantId(w.directory, { email: email.toUpperCase() }));
    expect(resolved).toMatchObject({ kind: 'contact', participantId: { contactId }, contactId });
  });

  withMembers('a member wins over the contact sharing their email, and is addressed by member ID', async () => {
    const w = world();
    const email = `${w.unique('member')}@example.com`;
    const contactId = await w.createContact(email);
    const { memberId, contactId: memberContactId } = await w.signUp(email);
    expect(memberContactId).toBe(contactId);
    await expect(w.run(() => resolveParticipantId(w.directory, { email }))).resolves.toMatchObject({
      kind: 'member',
      participantId: { memberId },
      contactId,
    });
    // Asked by the member's contact ID, the answer is still the member, by member ID (never their contact ID).
    await expect(w.run(() => resolveParticipantId(w.directory, { contactId }))).resolves.toMatchObject({ kind: 'member', participantId: { memberId } });
    await expect(w.run(() => resolveParticipantId(w.directory, { memberId }))).resolves.toMatchObject({ kind: 'member', contactId });
  });

  withMembers('links a member to their contact from the member’s own record', async () => {
    const w = world();
    const email = `${w.unique('link')}@example.com`;
    const { memberId, contactId } = await w.signUp(email);
    const members = await w.run(() => w.directory.findMembers({ ids: [memberId], loginEmails: [] }));
    expect(members.map((m) => m.id)).toEqual([memberId]);
    await expect(w.run(() => w.directory.memberContactId(memberId))).resolves.toBe(contactId);
  });

  withMembers('reads one contact by ID as Wix holds it now: a member’s once they sign up', async () => {
    const w = world();
    const email = `${w.unique('signing')}@example.com`;
    const contactId = await w.createContact(email);
    await expect(w.run(() => w.directory.contactById(contactId))).resolves.toMatchObject({ id: contactId, belongsToMember: false });
    await w.signUp(email);
    await expect(w.run(() => w.directory.contactById(contactId))).resolves.toMatchObject({ id: contactId, belongsToMember: true });
  });

  it('answers nobody for an email, contact ID or member ID that does not exist', async () => {
    const w = world();
    const email = `${w.unique('nobody')}@example.com`;
    await expect(w.run(() => resolveParticipantId(w.directory, { email }))).rejects.toMatchObject({ code: 'PARTICIPANT_NOT_FOUND' });
    await expect(w.run(() => w.directory.findContacts({ ids: ['00000000-0000-4000-8000-000000000000'], emails: [], phones: [] }))).resolves.toEqual([]);
    await expect(w.run(() => w.directory.memberContactId('00000000-0000-4000-8000-000000000000'))).resolves.toBeUndefined();
    await expect(w.run(() => w.directory.contactById('00000000-0000-4000-8000-000000000000'))).resolves.toBeUndefined();
  });
});

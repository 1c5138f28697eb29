import type { Site } from '../site';

/**
 * The one fixture generator for people on an emulated site. Seeding goes through the emulator's test controls, not the
 * emulated APIs, so it leaves nothing in the journal that a test might count.
 */
export interface ContactSeed {
  readonly email?: string;
  readonly emails?: readonly string[];
  readonly phone?: string;
  readonly first?: string;
  /** The contact's language (Wix Multilingual), an IETF tag: `de-DE`. */
  readonly locale?: string;
}

export function seedContact(site: Site, seed: ContactSeed): string {
  const emails = seed.emails ?? (seed.email ? [seed.email] : []);
  const contact = site.contacts.seedContact({
    ...(seed.first ? { name: { first: seed.first } } : {}),
    ...(emails.length ? { emails: emails.map((email, i) => ({ email, tag: 'MAIN', ...(i === 0 ? { primary: true } : {}) })) } : {}),
    ...(seed.phone ? { phones: [{ phone: seed.phone, tag: 'MOBILE' }] } : {}),
    ...(seed.locale ? { locale: seed.locale } : {}),
  } as Parameters<Site['contacts']['seedContact']>[0]);
  return contact._id;
}

export interface MemberSeed {
  readonly email: string;
  readonly firstName?: string;
  readonly visitorId?: string;
}

/** A member signing up, as on Wix: finds or creates their contact, creates the member, fires the events. */
export function registerMember(site: Site, seed: MemberSeed): { memberId: string; contactId: string } {
  const member = site.members.register({ email: seed.email, firstName: seed.firstName ?? 'Member', ...(seed.visitorId ? { visitorId: seed.visitorId } : {}) });
  const contactId = site.members.contactIdOfMember(member._id);
  if (!contactId) throw new Error('registered member has no contact');
  return { memberId: member._id, contactId };
}

/** A member created without firing events (when a test is about something else). */
export function seedMember(site: Site, seed: MemberSeed): { memberId: string; contactId: string } {
  const member = site.members.seedMember({ email: seed.email, firstName: seed.firstName ?? 'Member' });
  const contactId = site.members.contactIdOfMember(member._id);
  if (!contactId) throw new Error('seeded member has no contact');
  return { memberId: member._id, contactId };
}

import { forEachLimited } from './concurrency';
import { InboxError, isInboxError } from './errors';
import { phoneDigits, validateQuery, type ParticipantQuery, type ValidQuery } from './participant-query';
import type { ContactRecord, Directory, MemberRecord, ParticipantId } from './ports';

export type ParticipantKind = 'member' | 'contact';

export interface ResolvedParticipant {
  /** Exactly what to pass to getOrCreateConversation. */
  readonly participantId: ParticipantId;
  readonly kind: ParticipantKind;
  /** Always known: every member has a contact too. */
  readonly contactId: string;
  readonly memberId?: string;
  readonly matchedBy: ValidQuery['by'];
  /** How many distinct people matched the query before tie-breaking (1 when unambiguous). */
  readonly candidates: number;
}

export type Resolution = { readonly ok: true; readonly value: ResolvedParticipant } | { readonly ok: false; readonly error: InboxError };

/** Wix caps most queries near here, and `hasSome` arrays should stay small: one lookup round per 100 inputs. */
export const RESOLVE_CHUNK = 100;
const MEMBER_LINK_CONCURRENCY = 8;

/** Resolves one participant. A batch of one, so single and bulk sends follow the exact same rules. */
export async function resolveParticipantId(directory: Directory, query: ParticipantQuery): Promise<ResolvedParticipant> {
  const [result] = await resolveParticipants(directory, [query]);
  if (!result) throw new InboxError('INBOX_UNAVAILABLE', 'Resolution returned no result.');
  if (!result.ok) throw result.error;
  return result.value;
}

/**
 * Resolves many queries with one contacts query and one members query per ≤ 100 inputs (plus one follow-up members
 * query when contacts turn out to belong to members). Results keep input order; a bad input fails alone.
 */
export async function resolveParticipants(
  directory: Directory,
  queries: readonly ParticipantQuery[],
): Promise<Resolution[]> {
  const results: Resolution[] = [];
  for (let start = 0; start < queries.length; start += RESOLVE_CHUNK) {
    results.push(...(await resolveChunk(directory, queries.slice(start, start + RESOLVE_CHUNK))));
  }
  return results;
}

async function resolveChunk(directory: Directory, queries: readonly ParticipantQuery[]): Promise<Resolution[]> {
  const validated = queries.map((query): { ok: true; query: ValidQuery } | { ok: false; error: InboxError } => {
    try {
      return { ok: true, query: validateQuery(query) };
    } catch (error) {
      if (isInboxError(error)) return { ok: false, error };
      throw error;
    }
  });
  const valid = validated.flatMap((v) => (v.ok ? [v.query] : []));
  const index = await lookUp(directory, valid);
  return validated.map((v) => {
    if (!v.ok) return v;
    try {
      return { ok: true, value: decide(v.query, index) };
    } catch (error) {
      if (isInboxError(error)) return { ok: false, error };
      throw error;
    }
  });
}

interface LookupIndex {
  readonly contacts: readonly ContactRecord[];
  readonly members: ReadonlyMap<string, MemberRecord>;
  /** memberId → the contact it is linked to (confirmed with the member's own contactId). */
  readonly contactOfMember: ReadonlyMap<string, string>;
  /** contactId → the member linked to it. */
  readonly memberOfContact: ReadonlyMap<string, string>;
}

async function lookUp(directory: Directory, queries: readonly ValidQuery[]): Promise<LookupIndex> {
  const ids = { member: [] as string[], contact: [] as string[] };
  const emails: string[] = [];
  const phones: string[] = [];
  for (const q of queries) {
    if (q.by === 'memberId') ids.member.push(q.value);
    else if (q.by === 'contactId') ids.contact.push(q.value);
    else if (q.by === 'email') emails.push(q.asTyped, q.value);
    else phones.push(q.value, q.digits, `+${q.digits}`);
  }
  const wantsContacts = ids.contact.length + emails.length + phones.length > 0;
  const wantsMembers = ids.member.length + emails.length > 0;
  // Contacts and members are independent lookups: ask both at once.
  const [contacts, firstMembers] = await Promise.all([
    wantsContacts ? directory.findContacts({ ids: unique(ids.contact), emails: unique(emails.map(lower)), phones: unique(phones) }) : [],
    wantsMembers ? directory.findMembers({ ids: unique(ids.member), loginEmails: unique(emails) }) : [],
  ]);
  const members = new Map(firstMembers.map((m) => [m.id, m]));
  // A member Wix created moments ago may not be in the members collection's index yet; the member read below (by ID)
  // decides whether they exist.
  for (const id of ids.member) if (!members.has(id)) members.set(id, { id, loginEmail: undefined });

  // A contact may belong to a member whose login email is spelled differently from the query (wix-data compares
  // exactly): look those members up by the contact's own stored emails, once for the whole chunk.
  const knownLogins = new Set([...members.values()].flatMap((m) => (m.loginEmail ? [lower(m.loginEmail)] : [])));
  const contactEmails = unique(
    contacts.flatMap((c) => c.emails).filter((e) => !knownLogins.has(lower(e))).flatMap((e) => [e, lower(e)]),
  );
  if (contactEmails.length > 0) {
    for (const m of await directory.findMembers({ ids: [], loginEmails: contactEmails })) members.set(m.id, m);
  }

  // The member → contact link is only trusted from the member itself (member ID ≠ contact ID, never guess).
  const contactOfMember = new Map<string, string>();
  await forEachLimited([...members.keys()], MEMBER_LINK_CONCURRENCY, async (memberId) => {
    const contactId = members.get(memberId)?.contactId ?? (await directory.memberContactId(memberId));
    if (contactId === undefined) members.delete(memberId);
    else contactOfMember.set(memberId, contactId);
  });
  const memberOfContact = new Map([...contactOfMember].map(([memberId, contactId]) => [contactId, memberId]));
  return { contacts, members, contactOfMember, memberOfContact };
}

function decide(query: ValidQuery, index: LookupIndex): ResolvedParticipant {
  switch (query.by) {
    case 'memberId': {
      const contactId = index.contactOfMember.get(query.value);
      if (contactId === undefined) throw notFound('member');
      return asMember(query.value, contactId, 'memberId', 1);
    }
    case 'contactId': {
      const contact = index.contacts.find((c) => c.id === query.value);
      if (!contact) throw notFound('contact');
      const memberId = index.memberOfContact.get(contact.id);
      return memberId ? asMember(memberId, contact.id, 'contactId', 1) : asContact(contactOnly(contact), 'contactId', 1);
    }
    case 'email': {
      const byLogin = [...index.members.values()].filter((m) => m.loginEmail !== undefined && lower(m.loginEmail) === query.value);
      const contacts = index.contacts.filter((c) => c.emails.some((e) => lower(e) === query.value));
      return pick(query.by, byLogin, contacts, (c) => c.primaryEmail !== undefined && lower(c.primaryEmail) === query.value, index);
    }
    case 'phone': {
      const contacts = index.contacts.filter((c) => c.phones.some((p) => samePhone(p, query.digits)));
      return pick(query.by, [], contacts, (c) => c.primaryPhone !== undefined && samePhone(c.primaryPhone, query.digits), index);
    }
  }
}

/** A member wins; then one contact; several contacts → primary match first, then the most recently active. */
function pick(
  matchedBy: ValidQuery['by'],
  membersByLogin: readonly MemberRecord[],
  contacts: readonly ContactRecord[],
  isPrimaryMatch: (c: ContactRecord) => boolean,
  index: LookupIndex,
): ResolvedParticipant {
  // Count people, not records: a member and their own contact are one person.
  const people = new Set<string>();
  for (const m of membersByLogin) people.add(`m:${m.id}`);
  for (const c of contacts) {
    const memberId = index.memberOfContact.get(c.id);
    people.add(memberId ? `m:${memberId}` : `c:${c.id}`);
  }
  const candidates = people.size;
  const member =
    membersByLogin[0] ??
    contacts.map((c) => index.members.get(index.memberOfContact.get(c.id) ?? ''))
      .find((m): m is MemberRecord => m !== undefined);
  if (member) {
    const contactId = index.contactOfMember.get(member.id);
    if (contactId !== undefined) return asMember(member.id, contactId, matchedBy, candidates);
  }
  const [best] = [...contacts].sort(
    (a, b) => Number(isPrimaryMatch(b)) - Number(isPrimaryMatch(a)) || b.lastActivityAt.getTime() - a.lastActivityAt.getTime(),
  );
  if (!best) throw notFound(matchedBy === 'email' ? 'email' : 'phone');
  return asContact(contactOnly(best), matchedBy, candidates);
}

/**
 * A contact is only addressed by contact ID when it is not a member's: if Wix marks it as a member's contact but the
 * member could not be found (a login email spelt differently from every stored email), refuse rather than open a
 * detached conversation beside the member's real one.
 */
function contactOnly(contact: ContactRecord): string {
  if (contact.belongsToMember) {
    throw new InboxError('INBOX_UNAVAILABLE', "This contact belongs to a site member whose member record could not be matched; it was not messaged through the contact.", {
      retryable: true,
    });
  }
  return contact.id;
}

function asMember(memberId: string, contactId: string, matchedBy: ValidQuery['by'], candidates: number): ResolvedParticipant {
  return { participantId: { memberId }, kind: 'member', contactId, memberId, matchedBy, candidates };
}

function asContact(contactId: string, matchedBy: ValidQuery['by'], candidates: number): ResolvedParticipant {
  return { participantId: { contactId }, kind: 'contact', contactId, matchedBy, candidates };
}

function notFound(what: 'member' | 'contact' | 'email' | 'phone'): InboxError {
  const text = {
    member: 'No member with this ID exists on the site.',
    contact: 'No contact with this ID exists on the site.',
    email: 'No contact or member has this email address.',
    phone: 'No contact has this phone number.',
  }[what];
  return new InboxError('PARTICIPANT_NOT_FOUND', text, { field: `query.${what === 'member' ? 'memberId' : what === 'contact' ? 'contactId' : what}` });
}

function samePhone(stored: string, digits: string): boolean {
  // Digits only, compared whole: guessing at country codes would risk messaging the wrong person.
  return phoneDigits(stored) === digits;
}

function lower(value: string): string {
  return value.toLowerCase();
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

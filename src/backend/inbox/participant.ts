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

/** A resolution whose member ↔ contact link may be unread (sends: see resolveRecipient). */
export type PartialResolution = Omit<ResolvedParticipant, 'contactId'> & { readonly contactId?: string };

/** Full resolutions (resolveParticipants) always carry `contactId`; send resolutions (resolveRecipients) may not. */
export type Resolution = { readonly ok: true; readonly value: PartialResolution } | { readonly ok: false; readonly error: InboxError };

/** Wix caps most queries near here, and `hasSome` arrays should stay small: one lookup round per 100 inputs. */
export const RESOLVE_CHUNK = 100;
const MEMBER_LINK_CONCURRENCY = 8;

/** Resolves one participant. A batch of one, so single and bulk sends follow the exact same rules. */
export async function resolveParticipantId(directory: Directory, query: ParticipantQuery): Promise<ResolvedParticipant> {
  const [result] = await resolveParticipants(directory, [query]);
  if (!result) throw new InboxError('INBOX_UNAVAILABLE', 'Resolution returned no result.');
  if (!result.ok) throw result.error;
  return result.value as ResolvedParticipant;
}

/** Who a send reaches: what getOrCreateConversation needs, and a member's own contact when it is known. */
export interface Recipient {
  readonly participantId: ParticipantId;
  readonly kind: ParticipantKind;
  /**
   * A member's contact, when the resolution or the session already named it: the person's frequency caps count what
   * they were sent as that contact before signing up (frequency-cap.ts). Read when a cap needs it and nothing named it.
   */
  readonly contactId?: string;
}

/**
 * Who a send to `query` reaches, by the same rules as resolveParticipantId, with the fewest calls: a member found by
 * ID or login email is addressed without reading their contact link (`getMember`), which is read only when the answer
 * depends on it (a contact Wix marks as a member's). One contacts query and one members query, in parallel.
 */
export async function resolveRecipient(directory: Directory, query: ParticipantQuery): Promise<Recipient> {
  const [result] = await resolveRecipients(directory, [query]);
  if (!result) throw new InboxError('INBOX_UNAVAILABLE', 'Resolution returned no result.');
  if (!result.ok) throw result.error;
  const { participantId, kind, contactId } = result.value;
  return { participantId, kind, ...(kind === 'member' && contactId !== undefined ? { contactId } : {}) };
}

/** Many recipients at once (see resolveRecipient): results keep input order; a bad input fails alone. */
export async function resolveRecipients(directory: Directory, queries: readonly ParticipantQuery[]): Promise<Resolution[]> {
  return resolveInChunks(directory, queries, 'when-needed');
}

/** The key a frequency cap and recipient comparisons use for whoever a send reaches. */
export function recipientKey(participantId: ParticipantId): string {
  return 'memberId' in participantId ? `member:${participantId.memberId}` : `contact:${participantId.contactId}`;
}

/**
 * Resolves many queries with one contacts query and one members query per ≤ 100 inputs (plus one follow-up members
 * query when contacts turn out to belong to members). Results keep input order; a bad input fails alone.
 */
export async function resolveParticipants(
  directory: Directory,
  queries: readonly ParticipantQuery[],
): Promise<Resolution[]> {
  return resolveInChunks(directory, queries, 'all');
}

/** `all`: every member ↔ contact link is read (full answers, candidates counted); `when-needed`: only links that decide. */
type LinkMode = 'all' | 'when-needed';

async function resolveInChunks(directory: Directory, queries: readonly ParticipantQuery[], links: LinkMode): Promise<Resolution[]> {
  const results: Resolution[] = [];
  for (let start = 0; start < queries.length; start += RESOLVE_CHUNK) {
    results.push(...(await resolveChunk(directory, queries.slice(start, start + RESOLVE_CHUNK), links)));
  }
  return results;
}

async function resolveChunk(directory: Directory, queries: readonly ParticipantQuery[], links: LinkMode): Promise<Resolution[]> {
  const validated = queries.map((query): { ok: true; query: ValidQuery } | { ok: false; error: InboxError } => {
    try {
      return { ok: true, query: validateQuery(query) };
    } catch (error) {
      if (isInboxError(error)) return { ok: false, error };
      throw error;
    }
  });
  const valid = validated.flatMap((v) => (v.ok ? [v.query] : []));
  const index = await lookUp(directory, valid, links);
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
  /** Members known to exist (found in the members collection or read by ID), linked or not. */
  readonly existing: ReadonlySet<string>;
}

async function lookUp(directory: Directory, queries: readonly ValidQuery[], links: LinkMode): Promise<LookupIndex> {
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
  const existing = new Set(members.keys());
  // A member Wix created moments ago may not be in the members collection's index yet; the member read below (by ID)
  // decides whether they exist.
  const unindexed = ids.member.filter((id) => !members.has(id));
  for (const id of unindexed) members.set(id, { id, loginEmail: undefined });

  // Contacts whose member must be found: all of them for full answers; for sends, only contacts Wix marks as a
  // member's that no member found by login email already answers for.
  const logins = new Set([...members.values()].flatMap((m) => (m.loginEmail ? [lower(m.loginEmail)] : [])));
  const answeredByLogin = (c: ContactRecord) =>
    queries.some((q) => q.by === 'email' && logins.has(q.value) && c.emails.some((e) => lower(e) === q.value));
  const linkable = links === 'all' ? contacts : contacts.filter((c) => c.belongsToMember && !answeredByLogin(c));

  // A contact may belong to a member whose login email is spelled differently from the query (wix-data compares
  // exactly): look those members up by the contact's own stored emails, once for the whole chunk.
  const contactEmails = unique(linkable.flatMap((c) => c.emails).filter((e) => !logins.has(lower(e))).flatMap((e) => [e, lower(e)]));
  if (contactEmails.length > 0) {
    for (const m of await directory.findMembers({ ids: [], loginEmails: contactEmails })) {
      members.set(m.id, m);
      existing.add(m.id);
    }
  }

  // The member → contact link is only trusted from the member itself (member ID ≠ contact ID, never guess).
  const linkableEmails = new Set(linkable.flatMap((c) => c.emails.map(lower)));
  const toConfirm =
    links === 'all'
      ? [...members.keys()]
      : [...members.values()].filter((m) => unindexed.includes(m.id) || (m.loginEmail !== undefined && linkableEmails.has(lower(m.loginEmail)))).map((m) => m.id);
  const contactOfMember = new Map<string, string>();
  // A member record that came with its contact (the SDK's members query) needs no read.
  for (const m of members.values()) if (m.contactId !== undefined) contactOfMember.set(m.id, m.contactId);
  await forEachLimited(toConfirm.filter((id) => !contactOfMember.has(id)), MEMBER_LINK_CONCURRENCY, async (memberId) => {
    const contactId = await directory.memberContactId(memberId);
    if (contactId === undefined) {
      members.delete(memberId);
      existing.delete(memberId);
    } else {
      contactOfMember.set(memberId, contactId);
      existing.add(memberId);
    }
  });
  for (const id of unindexed) if (!existing.has(id)) members.delete(id);
  const memberOfContact = new Map([...contactOfMember].map(([memberId, contactId]) => [contactId, memberId]));
  return { contacts, members, contactOfMember, memberOfContact, existing };
}

function decide(query: ValidQuery, index: LookupIndex): PartialResolution {
  switch (query.by) {
    case 'memberId': {
      if (!index.existing.has(query.value)) throw notFound('member');
      return asMember(query.value, index.contactOfMember.get(query.value), 'memberId', 1);
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
): PartialResolution {
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
  if (member && index.existing.has(member.id)) return asMember(member.id, index.contactOfMember.get(member.id), matchedBy, candidates);
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

function asMember(memberId: string, contactId: string | undefined, matchedBy: ValidQuery['by'], candidates: number): PartialResolution {
  return { participantId: { memberId }, kind: 'member', ...(contactId === undefined ? {} : { contactId }), memberId, matchedBy, candidates };
}

function asContact(contactId: string, matchedBy: ValidQuery['by'], candidates: number): PartialResolution {
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

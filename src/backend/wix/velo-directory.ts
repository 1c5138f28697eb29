import { contacts, type Contacts } from 'wix-crm-backend';
import wixData from 'wix-data';
import { members } from 'wix-members.v2';
import { elevate } from 'wix-auth';
import type { ContactCriteria, ContactRecord, Directory, MemberCriteria, MemberRecord } from '../inbox/ports';
import { isNotFound, translateWixError } from './translate-error';
import { duplicateContactId } from './wix-failure';
import { isApprovedMembership } from './membership-status';

/**
 * Contacts (wix-crm-backend) and members (the `Members/FullData` collection + `wix-members.v2`) for the inbox module.
 * Both member sources are the successors Wix names for the deprecated ones: `Members/PrivateMembersData` ("deprecated.
 * Use the Wix Members FullData collection instead", dev.wix.com/docs/velo/apis/wix-members-v2/private-members-data-
 * collection-fields) and `wix-members-backend` `members.getMember` (→ wix-members.v2). FullData is read by admins only
 * ("Read: Admin"), so backend code reads it with `suppressAuth`; it answers at most 100 items a query.
 */
export const veloDirectory: Directory = {
  async findContacts(criteria: ContactCriteria): Promise<ContactRecord[]> {
    const parts: Contacts.ContactsQueryBuilder[] = [];
    if (criteria.ids.length) parts.push(contacts.queryContacts().hasSome('_id', [...criteria.ids]));
    if (criteria.emails.length) parts.push(contacts.queryContacts().hasSome('info.emails.email', [...criteria.emails]));
    if (criteria.phones.length) parts.push(contacts.queryContacts().hasSome('info.phones.phone', [...criteria.phones]));
    const [first, ...rest] = parts;
    if (!first) return [];
    const query = rest.reduce((q, part) => q.or(part), first);
    try {
      const found: Contacts.Contact[] = [];
      let page = await withLimit(query, QUERY_LIMIT).find({ suppressAuth: true });
      found.push(...page.items);
      while (page.hasNext()) {
        page = await page.next();
        found.push(...page.items);
      }
      // A contact Wix created moments ago (a form, an event) may not be searchable yet: read the missing IDs directly.
      const missing = criteria.ids.filter((id) => !found.some((c) => c._id === id));
      for (const id of missing) {
        const contact = await contactById(id);
        if (contact) found.push(contact);
      }
      return found.map(toContactRecord);
    } catch (error) {
      throw translateWixError(error, 'queryContacts');
    }
  },

  async findMembers(criteria: MemberCriteria): Promise<MemberRecord[]> {
    const parts: wixData.WixDataQuery[] = [];
    if (criteria.ids.length) parts.push(wixData.query(MEMBERS_COLLECTION).hasSome('_id', [...criteria.ids]));
    // wix-data compares exactly: the caller passes each spelling worth trying.
    if (criteria.loginEmails.length) parts.push(wixData.query(MEMBERS_COLLECTION).hasSome('loginEmail', [...criteria.loginEmails]));
    const [first, ...rest] = parts;
    if (!first) return [];
    try {
      // One page is not all matches: Wix may answer fewer than the limit per page, so follow the pages to the end.
      let page = await rest.reduce((q, part) => q.or(part), first).limit(MEMBERS_QUERY_LIMIT).find({ suppressAuth: true });
      const found = [...(page.items as MemberRow[])];
      while (page.hasNext()) {
        page = await page.next();
        found.push(...(page.items as MemberRow[]));
      }
      return found.map((item) => ({ id: item._id, loginEmail: item.loginEmail }));
    } catch (error) {
      throw translateWixError(error, `query ${MEMBERS_COLLECTION}`);
    }
  },

  async memberContactId(memberId: string): Promise<string | undefined> {
    try {
      // Every fieldset of the v2 member carries its contactId (PUBLIC included): the default is enough.
      const member = await elevate(members.getMember)(memberId);
      return member.contactId ?? undefined;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw translateWixError(error, 'getMember');
    }
  },

  async contactById(contactId: string): Promise<ContactRecord | undefined> {
    try {
      const contact = await contactById(contactId);
      return contact && toContactRecord(contact);
    } catch (error) {
      throw translateWixError(error, 'getContact');
    }
  },

  async contactsWithLabel(labelKey: string): Promise<ContactRecord[]> {
    try {
      const found: Contacts.Contact[] = [];
      let page = await withLimit(contacts.queryContacts().hasSome('info.labelKeys', [labelKey]), QUERY_LIMIT).find({ suppressAuth: true });
      found.push(...page.items);
      while (page.hasNext()) {
        page = await page.next();
        found.push(...page.items);
      }
      return found.map(toContactRecord);
    } catch (error) {
      throw translateWixError(error, 'queryContacts');
    }
  },

  async createContactForEmail(email: string): Promise<{ contactId: string }> {
    try {
      // createContact (not appendOrCreateContact): it runs elevated, fills nothing in on an existing contact and leaves
      // every visitor session as it was. Without allowDuplicates an existing email is refused, never duplicated.
      const contact = await contacts.createContact({ emails: [{ email }] }, { suppressAuth: true });
      return { contactId: contact._id };
    } catch (error) {
      const existing = duplicateContactId(error);
      if (existing !== undefined) return { contactId: existing };
      throw translateWixError(error, 'createContact');
    }
  },
};

export const MEMBERS_COLLECTION = 'Members/FullData';
/** FullData answers at most 100 items per query ("more than 100 … will result in an error"). */
const MEMBERS_QUERY_LIMIT = 100;
/** The fields of a Members/FullData row this module reads. */
interface MemberRow {
  readonly _id: string;
  readonly loginEmail?: string;
}
/** Resolution asks for ≤ 100 inputs at a time; each may match a few records. 1000 is the most wix-data allows a page. */
const QUERY_LIMIT = 1000;

async function contactById(id: string): Promise<Contacts.Contact | undefined> {
  try {
    return await contacts.getContact(id, { suppressAuth: true });
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** corvid-types declares `limit(limit: string)`; the API takes a number. */
function withLimit(query: Contacts.ContactsQueryBuilder, limit: number): Contacts.ContactsQueryBuilder {
  return (query.limit as unknown as (n: number) => Contacts.ContactsQueryBuilder).call(query, limit);
}

function toContactRecord(contact: Contacts.Contact): ContactRecord {
  const info = contact.info ?? {};
  const emails = (info.emails ?? []).flatMap((e) => (e.email ? [e.email] : []));
  const phones = (info.phones ?? []).flatMap((p) => [p.phone, (p as { e164Phone?: string }).e164Phone].filter((x): x is string => Boolean(x)));
  const activity = contact.lastActivity?.activityDate ?? contact._createdDate;
  return {
    id: contact._id,
    emails,
    primaryEmail: contact.primaryInfo?.email,
    phones,
    primaryPhone: contact.primaryInfo?.phone,
    lastActivityAt: new Date(activity),
    belongsToMember: isApprovedMembership((info.extendedFields as Record<string, unknown> | undefined)?.['members.membershipStatus']),
    ...(info.locale ? { locale: info.locale } : {}),
  };
}

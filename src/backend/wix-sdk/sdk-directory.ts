import type { contacts as contactsModule } from '@wix/crm';
import type { members as membersModule } from '@wix/members';
import type { ContactCriteria, ContactRecord, Directory, MemberCriteria, MemberRecord } from '../inbox/ports';
import { isNotFound, translateWixError } from '../wix/translate-error';
import { duplicateContactId } from '../wix/wix-failure';
import type { SdkModules } from './modules';
import { isApprovedMembership } from '../wix/membership-status';

type Contact = contactsModule.Contact;
/** What the typed contacts query resolves to: the REST response with the SDK's field names. */
interface ContactsPage {
  readonly contacts?: Contact[];
  readonly pagingMetadata?: contactsModule.PagingMetadata | null;
}

/** Resolution asks for ≤ 100 inputs at a time; each may match a few records. Contacts allow 1000 a page, members 100. */
const CONTACTS_PAGE = 1000;
const MEMBERS_PAGE = 100;

/**
 * Contacts (`@wix/crm`) and members (`@wix/members`) for the inbox module. A contacts find is one typed query whose
 * filter `$or`s the kinds of criterion (IDs, emails, phones): one Wix call, not one per kind. Members come with their
 * `contactId`, so the member ↔ contact link needs no further read.
 */
export function sdkDirectory(modules: Pick<SdkModules, 'contacts' | 'members'>): Directory {
  const { contacts, members } = modules;

  /**
   * Every contact matching any criterion, in one query per page: the typed query (`queryContacts(query, options)`) takes
   * Wix's filter language, whose `$or` the builder does not expose. `$in` is the operator the v4 contacts reference
   * lists for `info.emails.email` and `info.phones.phone` (`$hasSome` is listed only for `info.labelKeys`).
   */
  async function matchingContacts(criteria: ContactCriteria): Promise<Contact[]> {
    const any: Record<string, { $in: string[] }>[] = [];
    if (criteria.ids.length) any.push({ _id: { $in: [...criteria.ids] } });
    if (criteria.emails.length) any.push({ 'info.emails.email': { $in: [...criteria.emails] } });
    if (criteria.phones.length) any.push({ 'info.phones.phone': { $in: [...criteria.phones] } });
    if (any.length === 0) return [];
    return contactsWhere(any.length === 1 ? any[0] : { $or: any });
  }

  /** Every contact matching a filter in Wix's filter language, page by page. */
  async function contactsWhere(filter: unknown): Promise<Contact[]> {
    const found: Contact[] = [];
    for (let offset = 0; ; offset += CONTACTS_PAGE) {
      // The typings list the filterable fields of the builder only; the wire accepts these (v4 "supported filters").
      const query = { filter, paging: { limit: CONTACTS_PAGE, offset } } as unknown as contactsModule.ContactQuery;
      const page = (await contacts.queryContacts(query, {})) as unknown as ContactsPage;
      const contactsOnPage = page.contacts ?? [];
      found.push(...contactsOnPage);
      // Paged by `total`, as the SDK's own builder does; a page that could not be counted is followed while it is full.
      const { total, tooManyToCount } = page.pagingMetadata ?? {};
      const more = typeof total === 'number' && !tooManyToCount ? offset + contactsOnPage.length < total : contactsOnPage.length === CONTACTS_PAGE;
      if (!more || contactsOnPage.length === 0) return found;
    }
  }

  /**
   * Every member matching any criterion, in one typed query per page (`$or`, as for contacts). `EXTENDED` is asked for:
   * the default fieldset (`PUBLIC`) carries no `loginEmail`, which resolution matches members by.
   */
  async function matchingMembers(criteria: MemberCriteria): Promise<MemberRecord[]> {
    const any: Record<string, { $in: string[] }>[] = [];
    if (criteria.ids.length) any.push({ _id: { $in: [...criteria.ids] } });
    if (criteria.loginEmails.length) any.push({ loginEmail: { $in: [...criteria.loginEmails] } });
    if (any.length === 0) return [];
    const filter = any.length === 1 ? any[0] : { $or: any };
    const found: MemberRecord[] = [];
    for (let offset = 0; ; offset += MEMBERS_PAGE) {
      const query = { filter, paging: { limit: MEMBERS_PAGE, offset } } as membersModule.MemberQuery;
      const page = await members.queryMembers(query, { fieldsets: ['EXTENDED'] });
      const membersOnPage = page.members ?? [];
      for (const m of membersOnPage) {
        if (m._id) found.push({ id: m._id, loginEmail: m.loginEmail ?? undefined, contactId: m.contactId ?? undefined });
      }
      const total = page.metadata?.total;
      const more = total !== undefined && total !== null ? offset + membersOnPage.length < total : membersOnPage.length === MEMBERS_PAGE;
      if (!more || membersOnPage.length === 0) return found;
    }
  }

  async function contactById(id: string): Promise<Contact | undefined> {
    try {
      return await contacts.getContact(id);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  return {
    async contactsWithLabel(labelKey: string): Promise<ContactRecord[]> {
      try {
        return (await contactsWhere({ 'info.labelKeys': { $hasSome: [labelKey] } })).map(toContactRecord);
      } catch (error) {
        throw translateWixError(error, 'queryContacts');
      }
    },

    async findContacts(criteria: ContactCriteria): Promise<ContactRecord[]> {
      try {
        const found = new Map<string, Contact>();
        for (const contact of await matchingContacts(criteria)) if (contact._id) found.set(contact._id, contact);
        // A contact Wix created moments ago may not be searchable yet: read the missing IDs directly.
        for (const id of criteria.ids) {
          if (found.has(id)) continue;
          const contact = await contactById(id);
          if (contact?._id) found.set(contact._id, contact);
        }
        return [...found.values()].map(toContactRecord);
      } catch (error) {
        throw translateWixError(error, 'queryContacts');
      }
    },

    async contactById(contactId: string): Promise<ContactRecord | undefined> {
      try {
        const contact = await contactById(contactId);
        return contact?._id ? toContactRecord(contact) : undefined;
      } catch (error) {
        throw translateWixError(error, 'getContact');
      }
    },

    async findMembers(criteria: MemberCriteria): Promise<MemberRecord[]> {
      try {
        return [...new Map((await matchingMembers(criteria)).map((m) => [m.id, m])).values()];
      } catch (error) {
        throw translateWixError(error, 'queryMembers');
      }
    },

    async memberContactId(memberId: string): Promise<string | undefined> {
      try {
        // The member's own record is the only trusted source of its contact (any fieldset carries contactId).
        const member = await members.getMember(memberId);
        return member.contactId ?? undefined;
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw translateWixError(error, 'getMember');
      }
    },

    async createContactForEmail(email: string): Promise<{ contactId: string }> {
      try {
        // createContact (not appendOrCreateContact): admin-level, fills nothing in on an existing contact, leaves every
        // visitor session as it was. Without allowDuplicates an existing email is refused, never duplicated.
        const { contact } = await contacts.createContact({ emails: { items: [{ email }] } });
        if (!contact?._id) throw new Error('createContact returned no contact');
        return { contactId: contact._id };
      } catch (error) {
        const existing = duplicateContactId(error);
        if (existing !== undefined) return { contactId: existing };
        throw translateWixError(error, 'createContact');
      }
    },
  };
}

/** The SDK's contact wraps its lists (`info.emails.items[]`), unlike Velo's (`info.emails[]`). */
function toContactRecord(contact: Contact): ContactRecord {
  const info = contact.info ?? {};
  const emails = (info.emails?.items ?? []).flatMap((e) => (e.email ? [e.email] : []));
  const phones = (info.phones?.items ?? []).flatMap((p) => [p.phone, p.e164Phone].filter((x): x is string => Boolean(x)));
  const activity = contact.lastActivity?.activityDate ?? contact._createdDate;
  return {
    id: contact._id ?? '',
    emails,
    primaryEmail: contact.primaryInfo?.email ?? undefined,
    phones,
    primaryPhone: contact.primaryInfo?.phone ?? undefined,
    lastActivityAt: activity ? new Date(activity) : new Date(0),
    belongsToMember: isApprovedMembership(info.extendedFields?.items?.['members.membershipStatus']),
    ...(info.locale ? { locale: info.locale } : {}),
  };
}

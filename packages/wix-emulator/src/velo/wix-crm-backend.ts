/**
 * Emulated `wix-crm-backend` (the parts the site uses): `contacts.appendOrCreateContact`, `createContact`,
 * `getContact`, `queryContacts`. Backed by the active emulated site's contacts service.
 */
import type { Contacts } from 'wix-crm-backend';
import { activeSite } from '../kernel/active-site';
import { ContactsQueryBuilder } from '../contacts/contacts-query-builder';

export const contacts = {
  appendOrCreateContact: (contactInfo: Contacts.ContactInfo) => activeSite().contacts.appendOrCreateContact(contactInfo),
  createContact: (contactInfo: Contacts.ContactInfo, options?: Contacts.Options) =>
    activeSite().contacts.createContact(contactInfo, options),
  getContact: (contactId: string, options?: Contacts.AuthOptions) => activeSite().contacts.getContact(contactId, options),
  queryContacts: (): Contacts.ContactsQueryBuilder => {
    // Bound to the site active now, as a real query is bound to the site it was created on.
    const site = activeSite();
    return new ContactsQueryBuilder((spec, options) => site.contacts.queryContacts(spec, options));
  },
} satisfies Pick<Contacts, 'appendOrCreateContact' | 'createContact' | 'getContact' | 'queryContacts'>;

export default { contacts };

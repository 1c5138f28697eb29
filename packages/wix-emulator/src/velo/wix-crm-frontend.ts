// tsc drops a .d.ts that shares a .ts file's base name from its include globs; this reference puts it in the program.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./wix-crm-frontend.d.ts" />
/** Emulated `wix-crm-frontend`: `contacts.appendOrCreateContact` from page code (tries the session before creating). */
import type { Contacts as BackendContacts } from 'wix-crm-backend';
import type { Contacts } from 'wix-crm-frontend';
import { activeSite } from '../kernel/active-site';

export const contacts = {
  appendOrCreateContact: (contactInfo: BackendContacts.ContactInfo) =>
    activeSite().contacts.appendOrCreateContact(contactInfo, 'frontend'),
} satisfies Contacts;

export default { contacts };

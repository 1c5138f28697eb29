/**
 * `wix-crm-frontend` (page code): corvid-types 0.4.16 declares only its predecessor `wix-crm`. This declares what the
 * emulator implements, with the same types as `wix-crm-backend` (WCD `wix-crm-frontend/Contacts.service.json`).
 */
declare module 'wix-crm-frontend' {
  import type { Contacts as BackendContacts } from 'wix-crm-backend';

  interface Contacts {
    /** Appends to or creates the contact for the current visitor; same rules and identity types as the backend. */
    appendOrCreateContact(contactInfo: BackendContacts.ContactInfo): Promise<BackendContacts.ContactIdentification>;
  }

  const contacts: Contacts;
}

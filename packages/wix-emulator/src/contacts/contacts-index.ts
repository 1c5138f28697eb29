import { phoneDigits, type ContactRecord } from './contacts-model';

/**
 * Contacts by email (lower-cased) and by phone digits, plus each contact's creation position, so that matching a
 * submission to a contact or querying by email costs the same with 20 contacts or 20,000. Emails and phones are only
 * ever added to a contact (appendOrCreateContact never removes), so `update` after each change is all the upkeep.
 * Lookups answer in creation order: the order a scan of the contacts map would have met them.
 */
export class ContactIndex {
  readonly #position = new Map<ContactRecord, number>();
  readonly #byEmail = new Map<string, ContactRecord[]>();
  readonly #byPhone = new Map<string, ContactRecord[]>();
  #next = 0;

  clear(): void {
    this.#position.clear();
    this.#byEmail.clear();
    this.#byPhone.clear();
  }

  /** A contact was created or its emails/phones may have grown. First call = its creation position. */
  update(record: ContactRecord): void {
    if (!this.#position.has(record)) this.#position.set(record, this.#next++);
    for (const { email } of record.info.emails) {
      if (typeof email === 'string') add(this.#byEmail, email.toLowerCase(), record);
    }
    for (const { phone } of record.info.phones) {
      if (typeof phone === 'string') add(this.#byPhone, phoneDigits(phone), record);
    }
  }

  /** Contacts holding any of these emails (compared lower-cased; pass them lower-cased), oldest first. */
  withEmails(lowerCased: readonly string[]): ContactRecord[] {
    return this.#gather(this.#byEmail, lowerCased);
  }

  /** Contacts holding a phone with any of these digit strings, oldest first. */
  withPhoneDigits(digits: readonly string[]): ContactRecord[] {
    return this.#gather(this.#byPhone, digits);
  }

  /** The given contacts, oldest first. */
  inCreationOrder(records: readonly ContactRecord[]): ContactRecord[] {
    return [...records].sort((a, b) => (this.#position.get(a) ?? 0) - (this.#position.get(b) ?? 0));
  }

  #gather(index: ReadonlyMap<string, readonly ContactRecord[]>, keys: readonly string[]): ContactRecord[] {
    const found = new Set<ContactRecord>();
    for (const key of keys) for (const record of index.get(key) ?? []) found.add(record);
    return this.inCreationOrder([...found]);
  }
}

function add(index: Map<string, ContactRecord[]>, key: string, record: ContactRecord): void {
  const list = index.get(key);
  if (!list) index.set(key, [record]);
  else if (!list.includes(record)) list.push(record);
}

import type { Contacts } from 'wix-crm-backend';
import { applicationError, validationError } from '../kernel/wix-errors';

/** `source.sourceType` values of the Contacts API (NPM `@wix/auto_sdk_crm_contacts` `ContactSourceType`, subset used). */
export type ContactSourceType = 'OTHER' | 'WIX_CODE' | 'WIX_FORMS' | 'WIX_SITE_MEMBERS';

/** `lastActivity.activityType` values the emulator produces (same enum, subset). */
export type ContactActivityType = 'CONTACT_CREATED' | 'MEMBER_REGISTER' | 'MEMBER_LOGIN' | 'FORM_SUBMITTED';

/**
 * A contact as stored: the wix-crm-backend `Contact` shape with ISO-string dates and always-present arrays, so the
 * state exports as plain JSON. `toVeloContact` turns it into what the API returns.
 */
export interface ContactRecord {
  _id: string;
  revision: number;
  source: { sourceType: ContactSourceType; appId?: string };
  _createdDate: string;
  _updatedDate: string;
  lastActivity: { activityDate: string; activityType: ContactActivityType };
  info: {
    name?: { first?: string; last?: string };
    company?: string;
    jobTitle?: string;
    locale?: string;
    birthdate?: string;
    picture: { image?: string; imageProvider?: string };
    emails: Contacts.Email[];
    phones: Contacts.Phone[];
    addresses: Contacts.Address[];
    labelKeys: string[];
    extendedFields: Record<string, unknown>;
  };
}

/** Read-only all the way down: what other services get when they read a stored record without copying it. */
export type DeepReadonly<T> = T extends (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** A stored contact as the members service reads it (its rows and views copy what they need, never the record). */
export type ContactView = DeepReadonly<ContactRecord>;

export const sameEmail = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** Phones are compared by their digits, so `+1 (704) 454-1233` and `+1 704-454-1233` are the same number. */
export const phoneDigits = (phone: string): string => phone.replace(/\D/g, '');

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SCALAR_FIELDS = ['company', 'jobTitle', 'locale', 'birthdate'] as const;

/** Checks submitted contact info the way the API does (formats, one primary per list) before anything is stored. */
export function validateContactInfo(info: Contacts.ContactInfo | undefined, path = 'info'): Contacts.ContactInfo {
  if (info === undefined || info === null || typeof info !== 'object') {
    throw validationError(path, 'must be an object');
  }
  info.emails?.forEach((item, i) => {
    if (typeof item?.email !== 'string' || !EMAIL_PATTERN.test(item.email)) {
      throw validationError(`${path}.emails[${i}].email`, 'must be a valid email address');
    }
  });
  info.phones?.forEach((item, i) => {
    if (typeof item?.phone !== 'string' || phoneDigits(item.phone).length === 0) {
      throw validationError(`${path}.phones[${i}].phone`, 'must be a phone number');
    }
  });
  for (const list of [info.emails, info.phones]) {
    if ((list ?? []).filter((item) => item.primary === true).length > 1) {
      throw applicationError(400, 'CANNOT_HAVE_MULTIPLE_PRIMARY_INFO', 'Only one email and one phone can be primary');
    }
  }
  return info;
}

/** Name, email or phone: what the API needs before it will create a contact. */
export function hasIdentifyingInfo(info: Contacts.ContactInfo): boolean {
  return Boolean(info.name?.first || info.name?.last || info.emails?.length || info.phones?.length);
}

export function newContactRecord(
  id: string,
  now: string,
  sourceType: ContactSourceType,
  activityType: ContactActivityType,
): ContactRecord {
  return {
    _id: id,
    revision: 0,
    source: { sourceType },
    _createdDate: now,
    _updatedDate: now,
    lastActivity: { activityDate: now, activityType },
    info: { picture: {}, emails: [], phones: [], addresses: [], labelKeys: [], extendedFields: {} },
  };
}

/**
 * appendOrCreateContact's data rule: fill properties that are empty, add new items to arrays, never overwrite or
 * delete. Emails already present (case-insensitively) and phones already present (same digits) are not added again.
 * Returns whether anything changed. `newId` mints IDs for new array items.
 */
export function appendContactInfo(record: ContactRecord, info: Contacts.ContactInfo, newId: () => string): boolean {
  const target = record.info;
  let changed = false;
  if (info.name?.first && !target.name?.first) {
    target.name = { ...target.name, first: info.name.first };
    changed = true;
  }
  if (info.name?.last && !target.name?.last) {
    target.name = { ...target.name, last: info.name.last };
    changed = true;
  }
  for (const key of SCALAR_FIELDS) {
    const value = info[key];
    if (value && !target[key]) {
      target[key] = value;
      changed = true;
    }
  }
  if (info.picture?.image && !target.picture.image) {
    target.picture = { ...info.picture };
    changed = true;
  }
  for (const item of info.emails ?? []) {
    const email = item.email ?? '';
    if (target.emails.some((e) => sameEmail(e.email, email))) continue;
    const primary = target.emails.length === 0;
    target.emails.push({ _id: newId(), tag: item.tag ?? 'UNTAGGED', email, primary });
    changed = true;
  }
  for (const item of info.phones ?? []) {
    const phone = item.phone ?? '';
    if (target.phones.some((p) => phoneDigits(p.phone) === phoneDigits(phone))) continue;
    const primary = target.phones.length === 0;
    target.phones.push({
      _id: newId(),
      tag: item.tag ?? 'UNTAGGED',
      phone,
      ...(item.countryCode ? { countryCode: item.countryCode } : {}),
      ...(/^\+\d{6,15}$/.test(phone.replace(/[\s()-]/g, '')) ? { e164Phone: `+${phoneDigits(phone)}` } : {}),
      primary,
    });
    changed = true;
  }
  for (const item of info.addresses ?? []) {
    target.addresses.push({ _id: newId(), tag: item.tag ?? 'UNTAGGED', address: { ...item.address } });
    changed = true;
  }
  for (const key of info.labelKeys ?? []) {
    if (target.labelKeys.includes(key)) continue;
    target.labelKeys.push(key);
    changed = true;
  }
  const extended = (info.extendedFields ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(extended)) {
    if (target.extendedFields[key] !== undefined) continue;
    target.extendedFields[key] = value;
    changed = true;
  }
  if (changed) deriveDisplayFields(record);
  return changed;
}

/** Creating a contact: like appending to an empty one, except that explicit `primary: true` flags are honoured. */
export function createContactInfo(record: ContactRecord, info: Contacts.ContactInfo, newId: () => string): void {
  appendContactInfo(record, info, newId);
  const email = info.emails?.find((e) => e.primary === true)?.email;
  if (email) for (const e of record.info.emails) e.primary = sameEmail(e.email, email);
  const phone = info.phones?.find((p) => p.primary === true)?.phone;
  if (phone) for (const p of record.info.phones) p.primary = phoneDigits(p.phone) === phoneDigits(phone);
}

/** Wix keeps these system extended fields in step with the name (doc examples of createContact / queryContacts). */
function deriveDisplayFields(record: ContactRecord): void {
  const first = record.info.name?.first ?? '';
  const last = record.info.name?.last ?? '';
  if (!first && !last) return;
  record.info.extendedFields['contacts.displayByFirstName'] = `${first} ${last}`.trim();
  record.info.extendedFields['contacts.displayByLastName'] = `${last} ${first}`.trim();
}

export function primaryEmail(record: ContactRecord): string | undefined {
  return record.info.emails.find((e) => e.primary)?.email;
}

export function primaryPhone(record: ContactRecord): string | undefined {
  return record.info.phones.find((p) => p.primary)?.phone;
}

/**
 * The record as wix-crm-backend returns it: Dates, `primaryInfo` derived from the primary items, empty lists left out
 * (as in the doc examples, so site code must cope with a missing `info.emails`).
 */
export function toVeloContact(record: ContactRecord): Contacts.Contact {
  const copy = structuredClone(record);
  const { info } = copy;
  const email = primaryEmail(record);
  const phone = primaryPhone(record);
  const primaryInfo: Contacts.PrimaryInfo = { ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
  return {
    _id: copy._id,
    revision: copy.revision,
    // corvid-types marks `appId` required; Wix leaves it out for sources that are not apps (doc examples).
    source: copy.source as Contacts.Source,
    _createdDate: new Date(copy._createdDate),
    _updatedDate: new Date(copy._updatedDate),
    lastActivity: { activityDate: new Date(copy.lastActivity.activityDate), activityType: copy.lastActivity.activityType },
    ...(email || phone ? { primaryInfo } : {}),
    info: {
      ...(info.name ? { name: info.name } : {}),
      ...Object.fromEntries(SCALAR_FIELDS.filter((key) => info[key]).map((key) => [key, info[key]])),
      picture: info.picture,
      ...(info.emails.length ? { emails: info.emails } : {}),
      ...(info.phones.length ? { phones: info.phones } : {}),
      ...(info.addresses.length ? { addresses: info.addresses } : {}),
      ...(info.labelKeys.length ? { labelKeys: info.labelKeys } : {}),
      extendedFields: info.extendedFields,
    },
  };
}

import type { Contacts } from 'wix-crm-backend';
import { validationError } from '../kernel/wix-errors';
import { asObject, optionalObject } from './wire';

/**
 * Contacts v4 on the wire wraps every list (`info.emails.items[]`, `labelKeys.items[]`, `extendedFields.items{}`)
 * where the Velo module returns bare arrays; it also adds `primaryEmail`. The emulator stores the Velo form.
 */
export function toV4Contact(contact: Contacts.Contact): Record<string, unknown> {
  const { info } = contact;
  const email = contact.primaryInfo?.email;
  return {
    ...contact,
    ...(email ? { primaryEmail: { email, subscriptionStatus: 'NOT_SET', deliverabilityStatus: 'NOT_SET' } } : {}),
    info: {
      ...(info.name ? { name: info.name } : {}),
      ...pick(info, ['company', 'jobTitle', 'locale', 'birthdate']),
      ...(info.picture ? { picture: info.picture } : {}),
      emails: { items: info.emails ?? [] },
      phones: { items: info.phones ?? [] },
      addresses: { items: info.addresses ?? [] },
      labelKeys: { items: info.labelKeys ?? [] },
      extendedFields: { items: info.extendedFields ?? {} },
    },
  };
}

/** A v4 `info` from a request → the Velo `ContactInfo` the contacts service takes. Bare arrays are refused, as v4 does. */
export function fromV4Info(value: unknown, field = 'info'): Contacts.ContactInfo {
  const info = asObject(value, field);
  const list = (key: string) => {
    const wrapped = optionalObject(info[key], `${field}.${key}`);
    if (wrapped === undefined) return undefined;
    const items = wrapped.items;
    if (items === undefined) return undefined;
    if (!Array.isArray(items)) throw validationError(`${field}.${key}.items`, 'must be an array');
    return items.map((item: unknown, i) => withoutWireId(asObject(item, `${field}.${key}.items[${i}]`)));
  };
  const extended = optionalObject(info.extendedFields, `${field}.extendedFields`);
  const result: Record<string, unknown> = {
    ...pick(info, ['name', 'company', 'jobTitle', 'locale', 'birthdate', 'picture']),
  };
  for (const key of ['emails', 'phones', 'addresses'] as const) {
    const items = list(key);
    if (items !== undefined) result[key] = items;
  }
  const labels = optionalObject(info.labelKeys, `${field}.labelKeys`)?.items;
  if (labels !== undefined) {
    if (!Array.isArray(labels) || labels.some((l) => typeof l !== 'string')) {
      throw validationError(`${field}.labelKeys.items`, 'must be an array of strings');
    }
    result.labelKeys = labels;
  }
  if (extended?.items !== undefined) result.extendedFields = asObject(extended.items, `${field}.extendedFields.items`);
  return result as Contacts.ContactInfo;
}

/** Item IDs are Wix's to mint: a client-sent `id` on an email or phone is dropped. */
function withoutWireId(item: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, ...rest } = item;
  return rest;
}

function pick(source: object, keys: readonly string[]): Record<string, unknown> {
  const record = source as Record<string, unknown>;
  return Object.fromEntries(keys.filter((key) => record[key] !== undefined).map((key) => [key, record[key]]));
}

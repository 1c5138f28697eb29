import { isDate } from './data-filter';

/**
 * Collection items hold Dates anywhere (system fields and user fields alike), so persisting them as plain JSON needs
 * a marker to bring them back as Dates: `{ "$date": "<ISO>" }`, the extended-JSON form Wix Data itself uses.
 */
export type JsonItem = Record<string, unknown>;

/**
 * A deep copy of item data (plain objects, arrays, Dates, primitives). Not `structuredClone`: that returns Dates of
 * the host realm, and site code running in another realm (a test runner's VM context) would then see
 * `item._createdDate instanceof Date` as false. Dates made here belong to the realm the site code runs in.
 */
export function cloneValue<T>(value: T): T {
  if (isDate(value)) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map(cloneValue) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, cloneValue(v)])) as T;
  }
  return value;
}

export function encodeItem(item: Record<string, unknown>): JsonItem {
  return encode(item) as JsonItem;
}

export function decodeItem(item: JsonItem): Record<string, unknown> {
  return decode(item) as Record<string, unknown>;
}

function encode(value: unknown): unknown {
  if (isDate(value)) return { $date: value.toISOString() };
  if (Array.isArray(value)) return value.map(encode);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, encode(v)]));
  }
  return value;
}

function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    const [only] = entries;
    if (entries.length === 1 && only?.[0] === '$date' && typeof only[1] === 'string') return new Date(only[1]);
    return Object.fromEntries(entries.map(([key, v]) => [key, decode(v)]));
  }
  return value;
}

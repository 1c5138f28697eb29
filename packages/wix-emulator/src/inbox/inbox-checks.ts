import { validationError } from '../kernel/wix-errors';

/**
 * Field checks shaped like Wix's request validation: each failure is a 400 with one field violation whose `field`
 * is the argument path (`message.content.basic.items[0].text`). Lengths count UTF-16 units, as JavaScript and
 * Wix's JVM services both do.
 */

export type Json = Record<string, unknown>;

export function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

export function requireObject(value: unknown, field: string): Json {
  if (isAbsent(value)) throw validationError(field, 'is required');
  if (typeof value !== 'object' || Array.isArray(value)) throw validationError(field, 'must be an object');
  return value as Json;
}

export function optionalObject(value: unknown, field: string): Json | undefined {
  return isAbsent(value) ? undefined : requireObject(value, field);
}

interface Length {
  readonly min?: number;
  readonly max?: number;
}

export function requireString(value: unknown, field: string, length: Length = {}): string {
  if (isAbsent(value)) throw validationError(field, 'is required');
  if (typeof value !== 'string') throw validationError(field, 'must be a string');
  if (length.min !== undefined && value.length < length.min) {
    throw validationError(field, `must be at least ${length.min} characters long`);
  }
  if (length.max !== undefined && value.length > length.max) {
    throw validationError(field, `must be at most ${length.max} characters long`);
  }
  return value;
}

export function optionalString(value: unknown, field: string, length: Length = {}): string | undefined {
  return isAbsent(value) ? undefined : requireString(value, field, length);
}

/** `@format WEB_URL` fields: an absolute http(s) URL. */
export function requireWebUrl(value: unknown, field: string, maxLength: number): string {
  const url = requireString(value, field, { max: maxLength });
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw validationError(field, 'must be a valid web URL');
  }
  if (protocol !== 'http:' && protocol !== 'https:') throw validationError(field, 'must be a valid web URL');
  return url;
}

export function optionalWebUrl(value: unknown, field: string, maxLength: number): string | undefined {
  return isAbsent(value) ? undefined : requireWebUrl(value, field, maxLength);
}

export function requireArray(value: unknown, field: string, size: Length = {}): unknown[] {
  if (isAbsent(value)) throw validationError(field, 'is required');
  if (!Array.isArray(value)) throw validationError(field, 'must be an array');
  if (size.min !== undefined && value.length < size.min) throw validationError(field, `must contain at least ${size.min} items`);
  if (size.max !== undefined && value.length > size.max) throw validationError(field, `must contain at most ${size.max} items`);
  return value as unknown[];
}

export function optionalArray(value: unknown, field: string, size: Length = {}): unknown[] | undefined {
  return isAbsent(value) ? undefined : requireArray(value, field, size);
}

export function optionalBoolean(value: unknown, field: string): boolean | undefined {
  if (isAbsent(value)) return undefined;
  if (typeof value !== 'boolean') throw validationError(field, 'must be a boolean');
  return value;
}

export function optionalNonNegativeInteger(value: unknown, field: string): number | undefined {
  if (isAbsent(value)) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw validationError(field, 'must be a non-negative integer');
  }
  return value;
}

export function requireEnum<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (isAbsent(value)) throw validationError(field, 'is required');
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw validationError(field, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export function optionalEnum<T extends string>(value: unknown, field: string, allowed: readonly T[]): T | undefined {
  return isAbsent(value) ? undefined : requireEnum(value, field, allowed);
}

/** For `oneof` groups: exactly one of `keys` is set; returns it. */
export function exactlyOne<K extends string>(record: Json, keys: readonly K[], field: string): K {
  const present = keys.filter((key) => !isAbsent(record[key]));
  const [first, ...rest] = present;
  if (first === undefined || rest.length > 0) throw validationError(field, `must contain exactly one of ${keys.join(', ')}`);
  return first;
}

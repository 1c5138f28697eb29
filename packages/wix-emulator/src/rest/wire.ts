import type { Context } from 'hono';
import { isDate } from '../data/data-filter';
import { validationError } from '../kernel/wix-errors';

/**
 * Wix's wire format, as the SDK's renames undo it (`@wix/sdk-runtime` `RESTResponseToSDKResponseRenameMap`):
 * entities carry `id`, `createdDate`, `updatedDate` where site code sees `_id`, `_createdDate`, `_updatedDate`, and
 * timestamps travel as ISO strings. The emulator's services speak the site-code form; the REST face converts here.
 */
const TO_WIRE: Readonly<Record<string, string>> = { _id: 'id', _createdDate: 'createdDate', _updatedDate: 'updatedDate' };
const FROM_WIRE: Readonly<Record<string, string>> = { id: '_id', createdDate: '_createdDate', updatedDate: '_updatedDate' };

/** Service result → response body: keys renamed at every depth, Dates as ISO strings. Not for data-item payloads. */
export function toWire(value: unknown): unknown {
  return rename(value, TO_WIRE);
}

/** A field path as the wire names it (`id`, `createdDate`) → as the services name it (`_id`, `_createdDate`). */
export function fieldFromWire(path: string): string {
  const [head, ...rest] = path.split('.');
  return [FROM_WIRE[head ?? ''] ?? head, ...rest].join('.');
}

function rename(value: unknown, names: Readonly<Record<string, string>>): unknown {
  if (isDate(value)) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => rename(v, names));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [names[key] ?? key, rename(v, names)]));
  }
  return value;
}

/** A JSON object request body; anything else is a 400 as Wix answers it. */
export async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw validationError('body', 'must be a JSON object');
  }
  return asObject(body, 'body');
}

/**
 * The payload of a GET: the SDK sends complex requests as `.r=<base64url JSON>` and simple ones as dotted query
 * parameters (`paging.limit=10`), which come back here as nested objects of strings.
 */
export function queryPayload(c: Context): Record<string, unknown> {
  const url = new URL(c.req.url);
  const packed = url.searchParams.get('.r');
  if (packed !== null) {
    try {
      return asObject(JSON.parse(Buffer.from(packed, 'base64url').toString('utf8')), '.r');
    } catch (error) {
      if (error instanceof SyntaxError) throw validationError('.r', 'must be base64url-encoded JSON');
      throw error;
    }
  }
  const payload: Record<string, unknown> = {};
  for (const [key, value] of url.searchParams) {
    const path = key.split('.');
    let target = payload;
    for (const segment of path.slice(0, -1)) {
      const next = target[segment];
      target = (next !== null && typeof next === 'object' ? next : (target[segment] = {})) as Record<string, unknown>;
    }
    const last = path[path.length - 1] as string;
    const existing = target[last];
    target[last] = existing === undefined ? value : ([] as unknown[]).concat(existing, value);
  }
  return payload;
}

export function asObject(value: unknown, field: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw validationError(field, 'must be an object');
  return value as Record<string, unknown>;
}

export function optionalObject(value: unknown, field: string): Record<string, unknown> | undefined {
  return value === undefined || value === null ? undefined : asObject(value, field);
}

export function requiredString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw validationError(field, 'must be a non-empty string');
  return value;
}

/** Paging numbers arrive as numbers in JSON bodies and as strings in query parameters. */
export function optionalInteger(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw validationError(field, 'must be an integer');
  return n;
}

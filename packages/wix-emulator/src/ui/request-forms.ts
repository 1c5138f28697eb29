import type { Context } from 'hono';
import type { FaultSpec } from '../index';
import type { IdentityRequest } from './browser-session';
import { FORM_TOKEN } from './form-tokens';
import { UiRequestError } from './ui-error';

/** A posted form, read field by field; every refusal is a `UiRequestError` naming the field. */
export interface Form {
  required(name: string): string;
  optional(name: string): string;
  number(name: string): number | undefined;
  integer(name: string, range: { min: number; max?: number }): number | undefined;
  /** Every field whose name starts with `prefix`, keyed by the rest of the name. */
  prefixed(prefix: string): Record<string, string>;
  checked(name: string): boolean;
  /** The form's one-time token (every UI form carries one). */
  token(): string;
  /** The text of an uploaded file. */
  file(name: string): Promise<string>;
  /** Every text field as typed, to show the form again after a refusal (the token and return path left out). */
  values(): Record<string, string>;
}

/** Largest state file the import takes: far above a local site's, small enough not to stall the server. */
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export async function readForm(c: Context): Promise<Form> {
  const body = await c.req.parseBody();
  const text = (name: string): string | undefined => {
    const value = body[name];
    return typeof value === 'string' ? value : undefined;
  };
  const form: Form = {
    required: (name) => {
      const value = text(name)?.trim();
      if (!value) throw new UiRequestError('INVALID_INPUT', `${name} is required.`);
      return value;
    },
    optional: (name) => text(name) ?? '',
    number: (name) => {
      const value = text(name)?.trim();
      if (!value) return undefined;
      const parsed = Number(value);
      if (!Number.isFinite(parsed)) throw new UiRequestError('INVALID_INPUT', `${name} must be a number.`);
      return parsed;
    },
    integer: (name, range) => {
      const value = form.number(name);
      if (value === undefined) return undefined;
      if (!Number.isInteger(value) || value < range.min || (range.max !== undefined && value > range.max)) {
        throw new UiRequestError('INVALID_INPUT', `${name} must be a whole number from ${range.min}${range.max === undefined ? '' : ` to ${range.max}`}.`);
      }
      return value;
    },
    prefixed: (prefix) =>
      Object.fromEntries(
        Object.entries(body).flatMap(([key, value]) => (key.startsWith(prefix) && typeof value === 'string' ? [[key.slice(prefix.length), value]] : [])),
      ),
    checked: (name) => text(name) === 'true',
    token: () => {
      const value = text('formToken') ?? '';
      if (!FORM_TOKEN.test(value)) throw new UiRequestError('INVALID_INPUT', 'This form has no valid formToken: reload the page and send it again.');
      return value;
    },
    file: async (name) => {
      const value = body[name];
      if (!(value instanceof File) || value.size === 0) throw new UiRequestError('INVALID_INPUT', `Choose a file for ${name}.`);
      if (value.size > MAX_UPLOAD_BYTES) throw new UiRequestError('INVALID_INPUT', `${name} is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`);
      return value.text();
    },
    values: () =>
      Object.fromEntries(Object.entries(body).flatMap(([key, value]) => (typeof value === 'string' && key !== 'formToken' && key !== 'return' ? [[key, value]] : []))),
  };
  return form;
}

export function parseIdentity(value: string): IdentityRequest {
  if (value === 'visitor' || value === 'owner' || value === 'new-visitor') return { kind: value };
  if (value.startsWith('member:') && value.length > 'member:'.length) return { kind: 'member', memberId: value.slice('member:'.length) };
  throw new UiRequestError('INVALID_INPUT', 'as must be visitor, new-visitor, owner or member:<memberId>.');
}

export function parseFault(form: Form): FaultSpec {
  const probability = form.number('probability');
  if (probability !== undefined && (probability < 0 || probability > 1)) throw new UiRequestError('INVALID_INPUT', 'probability must be between 0 and 1.');
  const status = form.integer('status', { min: 400, max: 599 });
  const times = form.integer('times', { min: 1 });
  const retryAfterSeconds = form.integer('retryAfterSeconds', { min: 0 });
  const code = form.optional('code').trim();
  return {
    ...(status === undefined ? {} : { status }),
    ...(code === '' ? {} : { code }),
    ...(times === undefined ? {} : { times }),
    ...(probability === undefined ? {} : { probability }),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    ...(form.checked('responseLost') ? { responseLost: true } : {}),
  };
}

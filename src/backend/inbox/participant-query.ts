import { z } from 'zod';
import { InboxError } from './errors';

/** What callers may ask to resolve: exactly one identifying key. */
export type ParticipantQuery =
  | { readonly memberId: string }
  | { readonly contactId: string }
  | { readonly email: string }
  | { readonly phone: string }
  | { readonly anonymousVisitorId: string };

export type ValidQuery =
  | { readonly by: 'memberId'; readonly value: string }
  | { readonly by: 'contactId'; readonly value: string }
  | { readonly by: 'email'; readonly value: string; readonly asTyped: string }
  | { readonly by: 'phone'; readonly value: string; readonly digits: string };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const guid = z.string().trim().regex(GUID, 'must be a GUID');
const email = z.string().trim().max(254).pipe(z.email({ message: 'must be an email address' }));
/** Phone: what people type (+, spaces, dashes, dots, parentheses) around 7–15 digits (E.164's range). */
const phone = z
  .string()
  .trim()
  .regex(/^\+?[\d\s().-]+$/, 'must be a phone number')
  .refine((p) => /^\d{7,15}$/.test(phoneDigits(p)), 'must have 7 to 15 digits');

const querySchema = z.union([
  z.strictObject({ memberId: guid }),
  z.strictObject({ contactId: guid }),
  z.strictObject({ email }),
  z.strictObject({ phone }),
  z.strictObject({ anonymousVisitorId: z.string() }),
]);

export function phoneDigits(value: string): string {
  return value.replace(/\D/g, '');
}

/** Checks a query and normalises it; anything else is INVALID_INPUT naming the field at fault. */
export function validateQuery(input: unknown): ValidQuery {
  if (input !== null && typeof input === 'object' && 'anonymousVisitorId' in input) {
    throw new InboxError(
      'ANONYMOUS_VISITOR_NOT_ADDRESSABLE',
      'Anonymous visitors cannot be messaged from site code. Collect their email or phone first (for example with a ' +
        'form), then send to the contact.',
      { field: 'query.anonymousVisitorId' },
    );
  }
  const keys = input !== null && typeof input === 'object' ? Object.keys(input) : [];
  if (keys.length !== 1) {
    throw new InboxError(
      'INVALID_INPUT',
      'A participant query needs exactly one of memberId, contactId, email or phone.',
      { field: 'query' },
    );
  }
  const parsed = querySchema.safeParse(input);
  if (!parsed.success) {
    const key = keys[0] ?? 'query';
    const issue = parsed.error.issues.find((i) => i.path[0] === key) ?? parsed.error.issues[0];
    const known = ['memberId', 'contactId', 'email', 'phone'].includes(key);
    throw new InboxError(
      'INVALID_INPUT',
      known ? `${key} ${issue?.message ?? 'is invalid'}.` : `Unknown query key "${key.slice(0, 40)}".`,
      { field: `query.${known ? key : 'key'}` },
    );
  }
  const q = parsed.data;
  if ('memberId' in q) return { by: 'memberId', value: q.memberId.toLowerCase() };
  if ('contactId' in q) return { by: 'contactId', value: q.contactId.toLowerCase() };
  if ('email' in q) return { by: 'email', value: q.email.toLowerCase(), asTyped: q.email };
  if ('phone' in q) return { by: 'phone', value: q.phone, digits: phoneDigits(q.phone) };
  // The anonymous case returned above; zod's union cannot narrow it away.
  throw new InboxError('INVALID_INPUT', 'Unsupported participant query.', { field: 'query' });
}

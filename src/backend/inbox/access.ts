import { InboxError } from './errors';
import { fingerprint } from './fingerprint';
import { isTemplateMessage, type TemplateMessage } from './message-input';
import { resolveParticipantId, type ResolvedParticipant } from './participant';
import { validateQuery, type ParticipantQuery } from './participant-query';
import type { Caller, Identity, RateLimiter } from './ports';
import { sendToParticipant, type SendDependencies, type SendOptions, type SendResult } from './send';
import { TEMPLATES, isTemplateName } from './templates';
import { z } from 'zod';

/**
 * Who may do what through the public web methods. The caller always comes from `identity` (the backend session),
 * never from arguments:
 * - admin: anything;
 * - member: only themselves, registry templates marked for members;
 * - visitor: no lookups at all; only the form acknowledgement, rate limited, answered without IDs.
 */
export interface AccessDependencies extends SendDependencies {
  readonly identity: Identity;
  readonly rateLimiter: RateLimiter;
}

/** Visitor sends per visitor per hour: enough for a few honest form submissions, too few to spam with. */
export const VISITOR_SEND_LIMIT = { count: 5, windowMs: 60 * 60 * 1000 } as const;
/**
 * All visitors together per hour. Visitor IDs are cheap to renew (a new browser session), so the per-visitor limit
 * alone would not stop a script from making the site message arbitrary addresses.
 */
export const ALL_VISITORS_SEND_LIMIT = { count: 200, windowMs: 60 * 60 * 1000 } as const;

const VISITOR_DEDUPE_WINDOW_MS = 10 * 60 * 1000;

export type PublicSendResult =
  | SendResult
  /** What an anonymous visitor learns: whether the acknowledgement went out, nothing about who received it. */
  | { readonly status: SendResult['status'] };

export async function resolveAsCaller(deps: AccessDependencies, query: unknown): Promise<ResolvedParticipant> {
  const caller = await deps.identity.currentCaller();
  if (caller.kind === 'visitor') {
    throw new InboxError('PERMISSION_DENIED', 'Visitors cannot look up participants.');
  }
  if (caller.kind === 'member') assertSelf(caller, query);
  return resolveParticipantId(deps.directory, query as ParticipantQuery);
}

export async function sendAsCaller(
  deps: AccessDependencies,
  query: unknown,
  message: unknown,
  options: unknown,
): Promise<PublicSendResult> {
  const caller = await deps.identity.currentCaller();
  const sendOptions = parseOptions(options);
  if (caller.kind === 'admin') return sendToParticipant(deps, query as ParticipantQuery, message, sendOptions);
  // Members and visitors get the template's defaults: the options are checked but only admins' are applied.
  assertTemplateFor(caller.kind, message);
  const template = (message as TemplateMessage).template;
  if (caller.kind === 'member') {
    const day = deps.clock.now().toISOString().slice(0, 10);
    // A member filling in a form sends `{ email, name }` like a visitor; the name adds nothing to who they are.
    const target = withoutName(query);
    assertSelf(caller, target);
    // One per member, message and day: a page that fires twice (two tabs, a reload) sends once.
    const idempotencyKey = `${template}:${caller.memberId}:${day}:${fingerprint(JSON.stringify(message))}`;
    return sendToParticipant(deps, target as ParticipantQuery, message, { idempotencyKey });
  }
  const submitted = visitorQuery.safeParse(query);
  if (!submitted.success) {
    throw new InboxError('INVALID_INPUT', 'Visitors may only send to the email they submitted: { email, name? }.', { field: 'query' });
  }
  // Without a visitor ID (Wix gave none) there is no per-visitor bucket to use: the site-wide limit still applies.
  const limits = [...(caller.visitorId ? [[`visitor:${caller.visitorId}`, VISITOR_SEND_LIMIT] as const] : []), ['visitors', ALL_VISITORS_SEND_LIMIT] as const];
  for (const [key, rule] of limits) {
    const limit = await deps.rateLimiter.take(key, rule.count, rule.windowMs);
    if (!limit.allowed) {
      throw new InboxError('RATE_LIMITED', 'Too many messages right now. Please try again later.', { retryAfterMs: limit.retryAfterMs });
    }
  }
  const { contactId } = await deps.directory.upsertContact(submitted.data);
  // The contact may already be a member: resolution by contact ID addresses them correctly either way.
  // A double submit within the same ten minutes acknowledges once.
  const window = Math.floor(deps.clock.now().getTime() / VISITOR_DEDUPE_WINDOW_MS);
  const idempotencyKey = `${template}:${caller.visitorId}:${fingerprint(JSON.stringify([contactId, message]))}:${window}`;
  const result = await sendToParticipant(deps, { contactId }, message, { idempotencyKey });
  return { status: result.status };
}

const visitorQuery = z.strictObject({
  email: z.string().trim().max(254).pipe(z.email()),
  name: z.string().trim().min(1).max(100).optional(),
});

const optionsSchema = z
  .strictObject({
    visibility: z.enum(['BUSINESS_AND_PARTICIPANT', 'BUSINESS']).optional(),
    sendNotifications: z.boolean().optional(),
    direction: z.enum(['BUSINESS_TO_PARTICIPANT', 'PARTICIPANT_TO_BUSINESS']).optional(),
    idempotencyKey: z.string().min(1).max(200).optional(),
  })
  .optional();

function parseOptions(options: unknown): SendOptions {
  const parsed = optionsSchema.safeParse(options ?? undefined);
  if (!parsed.success) {
    const path = parsed.error.issues[0]?.path.join('.') ?? '';
    throw new InboxError('INVALID_INPUT', `Invalid send options${path ? ` at ${path}` : ''}.`, { field: `options${path ? `.${path}` : ''}` });
  }
  return parsed.data ?? {};
}

function withoutName(query: unknown): unknown {
  if (query === null || typeof query !== 'object' || !('email' in query) || !('name' in query)) return query;
  const { name: _name, ...rest } = query as Record<string, unknown>;
  return rest;
}

function assertTemplateFor(kind: 'member' | 'visitor', message: unknown): void {
  if (!isTemplateMessage(message) || !isTemplateName(message.template)) {
    throw new InboxError('PERMISSION_DENIED', 'Only site templates can be sent from this page.', { field: 'message' });
  }
  if (!(TEMPLATES[message.template].callableBy as readonly string[]).includes(kind)) {
    throw new InboxError('PERMISSION_DENIED', `This template cannot be sent by a ${kind}.`, { field: 'message.template' });
  }
  // Whoever calls from a page chooses the variables, and a visitor chooses the recipient too: keep them plain words,
  // so the site's own messages cannot be made to carry links or addresses to someone else.
  for (const [name, value] of Object.entries(message.vars ?? {})) {
    if (typeof value === 'string' && !PLAIN_WORDS.test(value)) {
      throw new InboxError('MESSAGE_INVALID', `Template variable "${name.slice(0, 40)}" may only hold plain words.`, { field: `message.vars.${name.slice(0, 40)}` });
    }
  }
}

/**
 * Letters (any script), digits, spaces, name punctuation and emoji; nothing that reads as a link, a domain (also
 * `evil .com` or a non-Latin domain), an IP address or an email address. `St. John` passes, `St.John` does not.
 */
const PLAIN_WORDS = /^(?!.*(?:[\p{L}\p{N}-]\s?\.\p{L}{2,}|\p{N}\.\p{N}|:\/\/|@))[\p{L}\p{M}\p{N}\p{Extended_Pictographic} .,'’&()-]*$/u;

/** A member may only name themselves: by member ID, their own contact ID, or their login email. */
function assertSelf(caller: Caller & { kind: 'member' }, query: unknown): void {
  const q = validateQuery(query);
  const self =
    (q.by === 'memberId' && q.value === caller.memberId.toLowerCase()) ||
    (q.by === 'contactId' && caller.contactId !== undefined && q.value === caller.contactId.toLowerCase()) ||
    (q.by === 'email' && caller.loginEmail !== undefined && q.value === caller.loginEmail.toLowerCase());
  if (!self) throw new InboxError('PERMISSION_DENIED', 'Members can only message themselves.', { field: 'query' });
}

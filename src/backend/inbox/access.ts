import { mayHaveSent, roundState } from './attempts';
import { InboxError, isInboxError } from './errors';
import { isFinished, type Intent, type IntentGate } from './intent';
import { keyDigest } from './key-digest';
import { memberDayKey } from './member-keys';
import { isTemplateMessage, prepareMessage, type TemplateMessage } from './message-input';
import { resolveParticipantId, resolveRecipient, type Recipient, type ResolvedParticipant } from './participant';
import { validateQuery, type ParticipantQuery } from './participant-query';
import type { Caller, Identity, ParticipantId, RateDecision, RateLimiter, RateRequest, RateStanding } from './ports';
import { sendReporting, sendToParticipant, type ReportedSend, type SendDependencies, type SendOptions, type SendResult } from './send';
import { CODE_TEMPLATES, templateIn, type TemplateSet } from './site-templates';
import { DEFAULT_VISITOR_LIMITS, type RateRule, type VisitorLimits } from './visitor-limits';
import { z } from 'zod';

/**
 * Who may do what through the public web methods. The caller always comes from `identity` (the backend session),
 * never from arguments:
 * - admin: anything;
 * - member: only themselves, registry templates marked for members;
 * - visitor: no lookups of their own; only the form acknowledgement, rate limited, answered without IDs. A visitor's call
 *   reads: it never links the visitor's session to a contact nor changes any contact (see sendAsVisitor).
 */
export interface AccessDependencies extends SendDependencies {
  readonly identity: Identity;
  readonly rateLimiter: RateLimiter;
  /** Defaults to DEFAULT_VISITOR_LIMITS; a site sets its own in inbox-settings.ts. */
  readonly visitorLimits?: VisitorLimits;
}

export type PublicSendResult =
  | SendResult
  /** What an anonymous visitor learns: whether the acknowledgement went out, nothing about who received it. */
  | { readonly status: SendResult['status'] };

/** What a member learns about themselves: no `candidates`, which would count other people who list their email. */
export type PublicResolution = ResolvedParticipant | Omit<ResolvedParticipant, 'candidates'>;

export async function resolveAsCaller(deps: AccessDependencies, query: unknown): Promise<PublicResolution> {
  const caller = await deps.identity.currentCaller();
  if (caller.kind === 'visitor') {
    throw new InboxError('PERMISSION_DENIED', 'Visitors cannot look up participants.');
  }
  if (caller.kind === 'admin') return resolveParticipantId(deps.directory, query as ParticipantQuery);
  assertSelf(caller, query);
  const { candidates: _others, ...self } = await resolveParticipantId(deps.directory, query as ParticipantQuery);
  return self;
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
  assertTemplateFor(caller.kind, message, deps.templates?.base ?? CODE_TEMPLATES);
  const template = (message as TemplateMessage).template;
  if (caller.kind === 'member') {
    const day = deps.clock.now().toISOString().slice(0, 10);
    // A member filling in a form sends `{ email, name }` like a visitor; the name adds nothing to who they are.
    const target = withoutName(query);
    assertSelf(caller, target);
    const idempotencyKey = memberDayKey(template, caller.memberId, day, message);
    // Named by their own member ID, the member is who the session just read: no lookup, and the conversation is looked
    // up beside the intent insert.
    const member = { participantId: { memberId: caller.memberId }, kind: 'member' as const, ...(caller.contactId === undefined ? {} : { contactId: caller.contactId }) };
    const self = validateQuery(target).by === 'memberId' ? { recipient: member, conversationAhead: true } : undefined;
    return sendToParticipant(deps, target as ParticipantQuery, message, { idempotencyKey }, self);
  }
  return sendAsVisitor(deps, caller, query, message);
}

/**
 * The form acknowledgement, for an anonymous visitor. Everything that can refuse the request is checked before any
 * rate-limit slot is taken, and limit slots are given back when nothing went out, so only acknowledgements that were
 * sent (or are queued to be) count against the limits. The double-submit slot is never given back on a failure or a
 * refusal: its name may already be the key another call sends under.
 *
 * The call only reads what exists: the recipient is resolved read-only from the submitted email. Nobody known by that
 * email → a contact holding only the email is created, elevated, after the limits allowed the request (so the answer
 * does not tell a visitor whether an email is known to the site, and a custom form without Wix Forms still works). No
 * session is linked to any contact and no existing contact changes: Wix Forms links the submitter's session on submit
 * itself; a web method that did it for any email would let anyone attach their chat to someone else's contact.
 */
async function sendAsVisitor(deps: AccessDependencies, caller: Caller & { kind: 'visitor' }, query: unknown, message: unknown): Promise<PublicSendResult> {
  const submitted = visitorQuery.safeParse(query);
  if (!submitted.success) {
    throw new InboxError('INVALID_INPUT', 'Visitors may only send to the email they submitted: { email, name? }.', { field: 'query' });
  }
  const limits = deps.visitorLimits ?? DEFAULT_VISITOR_LIMITS;
  // Refusals first, before any slot is taken: the message must render, the email must be one.
  const { content, switchedOff } = prepareMessage(message, deps.templates?.base);
  // Switched off in the configuration: nothing to send, so no slot is taken.
  if (switchedOff) return { status: 'skipped' };
  const email = validateQuery({ email: submitted.data.email });
  if (email.by !== 'email') throw new InboxError('INVALID_INPUT', 'Visitors may only send to an email.', { field: 'query.email' });
  // Who is reached, counted twice over: by the person the email resolves to (another of their emails reaches the same
  // person) and by the normalised email (which also counts the request that creates the contact for a new email).
  // Keys a visitor's input names are digests no other input can reach (key-digest.ts): with a weak hash, a crafted
  // address sharing a victim's bucket would use up the victim's acknowledgements.
  // A double submit (the same visitor, recipient and words) within `doubleSubmitMs` of the FIRST one is acknowledged
  // once: the first submit's slot names the send, and later ones within the window reuse its name.
  const submission: RateRequest = { key: `submit:${caller.visitorId || '-'}:${limitKeyDigest(JSON.stringify([email.value, content]))}`, limit: 1, windowMs: limits.doubleSubmitMs };
  // Without a visitor ID (Wix gave none) there is no per-visitor bucket to use: the other limits still apply.
  const byInput: RateRequest[] = [
    ...(caller.visitorId ? [rule(`visitor:${caller.visitorId}`, limits.perVisitor)] : []),
    rule(`recipient:email:${limitKeyDigest(email.value)}`, limits.perRecipient),
  ];
  // Everything the submitted input names is read while the email is resolved, nothing taken yet: the submission and
  // the keys with few rows in one query, all visitors' key (busy, it would crowd the page) in another. Only the
  // person's own limit waits for the resolution.
  const reading = Promise.all([deps.rateLimiter.look([submission, ...byInput]), deps.rateLimiter.look([rule('visitors', limits.allVisitors)])]);
  const [read, resolved] = await Promise.allSettled([reading, findByEmail(deps, email.asTyped)]);
  if (read.status === 'rejected') throw read.reason;
  if (resolved.status === 'rejected') throw resolved.reason;
  const [[submitStanding, ...inputStandings], siteWide] = read.value;
  if (!submitStanding) throw new TypeError('a reading answers every limit it was asked about');
  const known = resolved.value;
  // A double submit answers before any slot is taken: the first submit's send is finished, so its outcome is the
  // answer, and this call sends nothing. Unfinished, dead or unreadable, it takes the full path under the first
  // submit's key, which answers as the outbox does.
  let first: Intent | undefined;
  if (!submitStanding.open) {
    first = await deps.outbox.get(submitStanding.heldBy).catch(() => undefined);
    if (first && (first.status === 'sent' || first.status === 'skipped')) return { status: first.status };
  }
  const readings = [...inputStandings, ...siteWide];
  const refused = readings.flatMap((s) => (s.open ? [] : [s]));
  if (refused.length > 0) throw rateLimited(refused);
  // The input's slots are inserted while the person's limit is read. The person's slot is taken beside the intent
  // insert, the intent gated on it (Intent.gate): nothing is sent unless that take is allowed (decision 0025).
  const personKey = known && `recipient:${recipientKey(known.participantId)}`;
  // A contact's conversation is looked up in this round too, a round before the intent insert: when the lookup opens
  // a new one, the contact's re-check (address-check.ts) then runs beside the insert rather than after it. Only the
  // resolved person's ID is needed. A call the limits refuse from here on may leave that conversation empty: Inbox
  // data, get-or-create like every lookup, never a change to the contact (decision 0025, section 4). A member needs
  // no re-check, and a resubmit no conversation: their lookups stay where they were.
  const lookedUp = known?.kind === 'contact' && submitStanding.open ? deps.inbox.getOrCreateConversation(known.participantId) : undefined;
  lookedUp?.catch(() => undefined);
  const [submissionTake, personRead, ...inputTakes] = await Promise.allSettled([
    submitStanding.open ? submitStanding.take() : undefined,
    personKey ? deps.rateLimiter.look([rule(personKey, limits.perRecipient)]).then(([s]) => s) : undefined,
    ...readings.map((s) => (s.open ? s.take() : refusal(s))),
  ]);
  const held = (d: PromiseSettledResult<RateDecision | undefined> | undefined) => (d?.status === 'fulfilled' && d.value?.allowed ? [d.value] : []);
  // Only the limit slots are ever given back on a failure or a refusal; the submission slot this call won is kept.
  // Its name is not private to this call: a racing identical submit that collided with it sends under that very name
  // (as its resubmit), and the slot given back would open the double-submit window again under a message that went
  // out — a third submit would be acknowledged a second time. Kept, it costs at most a ten-minute window in which the
  // same submit is answered from the send under its name: a retry finds the slot as its first submit and, with no
  // finished send there, takes the full path under that name as its resubmit, so it is still acknowledged once.
  const limitSlots = inputTakes.flatMap(held);
  const failed = [submissionTake, personRead, ...inputTakes].find((d): d is PromiseRejectedResult => d?.status === 'rejected');
  const person = personRead.status === 'fulfilled' ? personRead.value : undefined;
  const denied = [...inputTakes.flatMap((d) => (d.status === 'fulfilled' && d.value && !d.value.allowed ? [d.value] : [])), ...(person && !person.open ? [person] : [])];
  if (failed || denied.length > 0) {
    await giveBack(limitSlots);
    if (failed) throw failed.reason;
    throw rateLimited(denied);
  }
  // The slot's name is unique for ever (it carries the instant it was taken), so this key never names an older send.
  // A first submit that lost the race for its slot to another first submit is a resubmit of that one.
  const claim = submissionTake?.status === 'fulfilled' ? submissionTake.value : undefined;
  const resubmit = !claim?.allowed;
  const idempotencyKey = claim ? (claim.allowed ? claim.slot : claim.heldBy) : submitStanding.open ? undefined : submitStanding.heldBy;
  if (idempotencyKey === undefined) throw new TypeError('an open submission is always taken');

  // A resubmit's key names the first submit's intent, stored ungated when this call stores it (the first submit stored
  // none: a failure before its insert): its person's slot is taken first — unless that intent is stored, unfinished
  // and gated (Intent.gate): its gate slot is then this acknowledgement's one slot, held already or taken again under
  // its owner by whoever sends (delivery.ts heldOrTaken). A slot of the resubmit's own would count the same
  // acknowledgement twice, and the gate's retake, counting it, could be refused: the acknowledgement answered `queued`
  // would end dead with nothing sent.
  let gate: { key: string; owner: string; limit: number; windowMs: number; take: Promise<RateDecision> } | undefined;
  if (person?.open && personKey && !(resubmit && gatedAndUnfinished(first))) {
    if (resubmit) {
      const [own] = await Promise.allSettled([person.take()]);
      const decision = own.status === 'fulfilled' ? own.value : undefined;
      if (!decision?.allowed) {
        await giveBack(limitSlots);
        throw decision ? rateLimited([decision]) : (own as PromiseRejectedResult).reason;
      }
      limitSlots.push(decision);
    } else {
      // The limit goes with the gate: whoever sends takes the slot again under the same owner when this take fails
      // (a 503 writes nothing, which is not a refusal), so one failed insert does not end the acknowledgement.
      const owner = globalThis.crypto.randomUUID();
      const { limit, windowMs } = rule(personKey, limits.perRecipient);
      gate = { key: personKey, owner, limit, windowMs, take: person.take(owner) };
      gate.take.catch(() => undefined);
    }
  }
  /** The person's gated slot, once its take has answered: held when allowed (given back with the others). */
  const gateSlot = async () => (gate ? held((await Promise.allSettled([gate.take]))[0]) : []);

  let sent: ReportedSend;
  try {
    const recipient: Recipient = known ?? { participantId: { contactId: (await deps.directory.createContactForEmail(email.asTyped)).contactId }, kind: 'contact' };
    // The person was resolved above: the send does not look them up again. A resubmit's key names the first submit's
    // send, so its conversation is not looked up ahead (the answer will be that send's outcome).
    sent = await sendReporting(deps, recipient.participantId, message, { idempotencyKey }, { recipient, conversationAhead: !resubmit, ...(lookedUp && !resubmit ? { lookedUp } : {}), ...(gate ? { gate } : {}) });
  } catch (error) {
    // A refusal or a permanent failure. Slots come back only when the records show that no attempt may have put the
    // message in the conversation; a retryable failure may still be delivered later, so its slots stay taken. The
    // submission slot stays taken here too (see above): a collider may still be on its way to send under its name.
    if (isInboxError(error) && !error.retryable && (await certainlyNotSent(deps, idempotencyKey))) await giveBack([...limitSlots, ...(await gateSlot())]);
    throw error;
  }
  const { result } = sent;
  // A resubmit answered for an intent another call stored: this call sent nothing, and the call that stored it holds
  // the slots that count it (it keeps them whenever its message may go out). A call that stored the intent itself
  // counts it with its own slots, whoever sends: `deduplicated` there means another worker (the job, during this call's
  // backoff or after its lease) made the attempt that sent — a resubmit whose first submit stored nothing is such a
  // call, and its slots given back would leave the acknowledgement counted by none. A template the owner switched off
  // sent nothing either.
  if (result.deduplicated && resubmit && !sent.own) await giveBack(limitSlots);
  // Switched off mid-call: nothing was stored, but a collider may still send under the submission's name once the
  // template is on again, so that slot stays taken here too (a resubmit then sends under it, once).
  else if (result.status === 'skipped' && result.reason === 'switched-off') await giveBack([...limitSlots, ...(await gateSlot())]);
  // `queued` promises the acknowledgement (README "Results"): a gated one only while its gate slot is held. Neither held
  // nor taken within this call, the job's retake of it may be refused later and the promise end dead; the visitor is
  // asked to try again instead, and the click again works the same gated intent (gatedAndUnfinished).
  if (result.status === 'queued' && sent.gate && !(sent.own && (await gateSlot()).length > 0) && !(await gateHeld(deps, sent.gate))) {
    throw notYetCounted();
  }
  return { status: result.status };
}

/**
 * Whether the gate slot is held now, read once: only when a `queued` answer's gate is not known held by this call's own
 * take (its take failed and a later attempt may have taken it again, or another call stored the intent). Unreadable
 * counts as not held.
 */
async function gateHeld(deps: AccessDependencies, gate: IntentGate): Promise<boolean> {
  try {
    return await deps.rateLimiter.holds(gate.key, gate.owner);
  } catch (error) {
    if (isInboxError(error)) return false;
    throw error;
  }
}

/**
 * The answer of an acknowledgement stored but not yet counted by its gate slot: retryable, not a promise. Its intent
 * stays in the outbox and every slot this call took stays spent: the job may still deliver it, after taking the gate
 * slot again (a refused retake ends it dead, nothing sent), and a click again is acknowledged once as the same submit.
 */
function notYetCounted(): InboxError {
  return new InboxError('INBOX_UNAVAILABLE', 'The acknowledgement could not be confirmed right now. Please try again.', { retryable: true });
}

/**
 * Whether the send under `key` certainly put nothing in any conversation: no intent was written, or every attempt of
 * it ended with a result that rules a message out. One round trip, only after a permanent failure.
 */
async function certainlyNotSent(deps: AccessDependencies, key: string): Promise<boolean> {
  try {
    const [intent, records] = await Promise.all([deps.outbox.get(key), deps.deliveries.ofIntents([key])]);
    if (!intent) return true;
    const state = roundState(intent, records);
    if (state.round !== 0) return false;
    return [...state.attempts.keys()].every((n) => state.results.has(n) && !mayHaveSent(state.results.get(n)));
  } catch (error) {
    // Unknown is not certain: the slots stay spent (the safe side of a limit).
    if (isInboxError(error)) return false;
    throw error;
  }
}

/**
 * Whether the first submit's intent, as read, waits on its own gate slot: stored gated (its round 0, the submit that
 * took the slot) and not finished. Whoever sends it holds that slot or takes it again under its owner, so a resubmit
 * working it needs no slot of its own. Unread, not stored, or finished: the resubmit counts itself.
 */
function gatedAndUnfinished(first: Intent | undefined): boolean {
  return first?.gate !== undefined && !isFinished(first);
}

/** Who the email reaches, by the send's own rules and with its fewest calls (no member ↔ contact link read). */
async function findByEmail(deps: AccessDependencies, email: string): Promise<Recipient | undefined> {
  try {
    return await resolveRecipient(deps.directory, { email });
  } catch (error) {
    if (isInboxError(error) && error.code === 'PARTICIPANT_NOT_FOUND') return undefined;
    throw error;
  }
}

/** 128 bits of SHA-256: out of reach of a crafted input, short enough for a row `_id` and an idempotency key. */
function limitKeyDigest(value: string): string {
  return keyDigest(value).slice(0, 32);
}

function rule(key: string, limit: RateRule): RateRequest {
  return { key, limit: limit.count, windowMs: limit.windowMs };
}

/** A limit read as refused, as the refusal a take would have answered. */
function refusal(standing: RateStanding | undefined): RateDecision | undefined {
  return standing && !standing.open ? { allowed: false, retryAfterMs: standing.retryAfterMs, heldBy: standing.heldBy } : undefined;
}

function rateLimited(refusals: readonly { readonly retryAfterMs: number }[]): InboxError {
  return new InboxError('RATE_LIMITED', 'Too many messages right now. Please try again later.', {
    retryAfterMs: Math.max(...refusals.map((r) => r.retryAfterMs)),
  });
}

function recipientKey(participantId: ParticipantId): string {
  return 'memberId' in participantId ? `member:${participantId.memberId}` : `contact:${participantId.contactId}`;
}

/**
 * Frees slots whose take sent nothing. A slot that cannot be given back stays spent — the safe side of a limit — and
 * the answer stays the one the send earned; the failure is logged (operation and code only).
 */
async function giveBack(slots: readonly Extract<RateDecision, { allowed: true }>[]): Promise<void> {
  const outcomes = await Promise.allSettled(slots.map((slot) => slot.giveBack()));
  for (const outcome of outcomes) {
    if (outcome.status === 'rejected') {
      const code = isInboxError(outcome.reason) ? outcome.reason.code : 'UNEXPECTED';
      console.error('velo-inbox: a rate-limit slot could not be given back; it stays spent', { code });
    }
  }
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

function assertTemplateFor(kind: 'member' | 'visitor', message: unknown, templates: TemplateSet): void {
  const template = isTemplateMessage(message) ? templateIn(templates, message.template) : undefined;
  if (!template) {
    throw new InboxError('PERMISSION_DENIED', 'Only site templates can be sent from this page.', { field: 'message' });
  }
  if (!(template.callableBy as readonly string[]).includes(kind)) {
    throw new InboxError('PERMISSION_DENIED', `This template cannot be sent by a ${kind}.`, { field: 'message.template' });
  }
  // Page-chosen variables need no check here: a template keeps a variable only when it is plain words (plain-words.ts).
}

/** A member may only name themselves: by member ID, their own contact ID, or their login email. */
function assertSelf(caller: Caller & { kind: 'member' }, query: unknown): void {
  const q = validateQuery(query);
  const self =
    (q.by === 'memberId' && q.value === caller.memberId.toLowerCase()) ||
    (q.by === 'contactId' && caller.contactId !== undefined && q.value === caller.contactId.toLowerCase()) ||
    (q.by === 'email' && caller.loginEmail !== undefined && q.value === caller.loginEmail.toLowerCase());
  if (!self) throw new InboxError('PERMISSION_DENIED', 'Members can only message themselves.', { field: 'query' });
}

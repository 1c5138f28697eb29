import type { AccessDependencies } from './access';
import { InboxError, isInboxError } from './errors';
import { capChain, capLink, nextSeq } from './frequency-cap';
import { greetingLinkKey, greetingLinkSeq, memberDayKey } from './member-keys';
import type { TemplateMessage } from './message-input';
import type { Recipient } from './participant';
import { asPlainWords } from './plain-words';
import type { CapClaim, SessionMember } from './ports';
import { sendToParticipant } from './send';
import { CODE_TEMPLATES, templateIn } from './site-templates';

/** What the member learns: whether they were greeted now, will be (queued), or were greeted within the day (skipped). */
export interface WelcomeBackResult {
  readonly status: 'sent' | 'queued' | 'skipped';
}

const TEMPLATE = 'welcome-back';

/**
 * The logged-in member greets themselves: `welcome-back` to the session's own member, at most once in any 24 hours.
 * Nothing comes from the page — not who, not the name — so the backend never has to check what a page claims:
 * the member is the session's (read as them), the name is the one they gave Wix, kept only if it is plain words.
 *
 * Four round trips when the template is the code's (once per 24 h, sent at once), the session's read included:
 * 1. the member (the session) and, beside it, the newest link of their greeting chain — read for the member ID the
 *    session names without a call (a hint: a wrong one costs one more read, never a write);
 * 2. the intent, the link after the newest one (named by the intent's key) and the conversation, all at once;
 * 3. the message; 4. its result, with the outbox row.
 * A member greeted within the day is answered after the first, or — when their newest link names the greeting this
 * login would send — after reading that greeting's row: nothing is written. When the owner's wording is due
 * to be read again, it is read in the first round too.
 * (A site whose owner words the greeting per language reads the member's language before the send: see
 * template-message.ts.)
 * A site that delays the template, caps it otherwise or switches it off takes the ordinary member send.
 */
export async function welcomeBackAsCaller(deps: AccessDependencies): Promise<WelcomeBackResult> {
  const template = templateIn(deps.templates?.base ?? CODE_TEMPLATES, TEMPLATE);
  if (!template) throw new InboxError('MESSAGE_INVALID', `This site has no template named "${TEMPLATE}".`, { field: 'message.template' });
  const chained = template.enabled && template.frequency === 'once-per-24h' && template.delayMs === 0;
  const hint = chained ? deps.identity.sessionMemberIdHint?.() : undefined;
  const newestAhead = hint === undefined ? undefined : deps.deliveries.latestCap(capChain(TEMPLATE, asMember(hint)));
  // Awaited only when the hint names the member: otherwise a failure is nobody's to report.
  newestAhead?.catch(() => undefined);
  // The owner's wording is read at most once per container and period (owner-wording.ts): when it is due, it is read
  // beside the session too, so the send below finds it read. A failed read is read again by the send, which reports it.
  deps.templates?.hasLanguageRows(TEMPLATE).catch(() => undefined);

  const self = deps.identity.sessionMember ? await deps.identity.sessionMember() : undefined;
  if (!self) throw new InboxError('PERMISSION_DENIED', 'Only a logged-in member can be welcomed back.');
  const recipient = asMember(self.memberId, self.contactId);
  const message = greeting(self, template.vars);

  if (!chained) {
    const day = deps.clock.now().toISOString().slice(0, 10);
    const idempotencyKey = memberDayKey(TEMPLATE, self.memberId, day, message);
    const result = await sendToParticipant(deps, recipient.participantId, message, { idempotencyKey }, { recipient, conversationAhead: true });
    return { status: result.status };
  }

  const chain = capChain(TEMPLATE, recipient);
  const read = () => deps.deliveries.latestCap(chain);
  const newest = await (hint === self.memberId && newestAhead ? newestAhead.catch(read) : read());
  const now = deps.clock.now();
  const seq = nextSeq(newest, now);
  if (seq === undefined) return resumed(deps, recipient, message, newest);
  const idempotencyKey = greetingLinkKey(TEMPLATE, self.memberId, seq);
  // Round 0 of whichever intent is stored under the key (no token): the key names this one link (CapClaim.intentToken).
  const capClaim = capLink(chain, seq, { intentKey: idempotencyKey, round: 0 }, now);
  return greetUnder(() => sendToParticipant(deps, recipient.participantId, message, { idempotencyKey }, { recipient, conversationAhead: true, capClaim }));
}

/**
 * The member was greeted (or is being greeted) within the day: this login sends nothing — unless the newest link names
 * this member's greeting for that link and its intent was never stored (the insert beside the link failed, or the call
 * stopped between them). Then the intent is stored now under the link's key: the greeting the first login was refused
 * goes out once, and the cap never lets a second one through. In this login's words: the member may have renamed
 * themselves since.
 *
 * That link may be up to a day old, and the next one opens a day after it: a greeting sent now under it would be
 * followed by the next day's within minutes. So the greeting first claims the next link too, under the same key, and
 * the day before another greeting counts from now. Only then is the intent stored: every attempt of it, this call's
 * or the job's, then finds that link the chain's newest and its own. A login that claimed the link first (its day
 * had come) greets instead, and this one is skipped. When the claim fails, the login is answered with the failure and
 * nothing is sent. Such a link names the key of a link before it: a later login that finds it the newest, with no
 * intent under that key, resumes the same greeting the same way (a resume that stopped before storing the intent).
 */
async function resumed(deps: AccessDependencies, recipient: Recipient & { participantId: { memberId: string } }, message: TemplateMessage, newest: CapClaim | undefined): Promise<WelcomeBackResult> {
  const linked = newest && greetingLinkSeq(newest.intentKey, TEMPLATE, recipient.participantId.memberId);
  if (!newest || linked === undefined || linked > newest.seq) return { status: 'skipped' };
  if (await deps.outbox.get(newest.intentKey)) return { status: 'skipped' };
  const idempotencyKey = newest.intentKey;
  const there = await deps.deliveries.insert(capLink(newest.chain, newest.seq + 1, { intentKey: idempotencyKey, round: 0 }, deps.clock.now()));
  if (there !== undefined && !(there.kind === 'cap' && there.intentKey === idempotencyKey)) return { status: 'skipped' };
  return greetUnder(() => sendToParticipant(deps, recipient.participantId, message, { idempotencyKey }, { recipient, conversationAhead: true }));
}

/**
 * The greeting under a link's key. Another login that words it differently (the member renamed themselves between the
 * two) may have stored its intent under the key first: that one is the link's greeting, and this login is answered as
 * greeted within the day, having sent nothing.
 */
async function greetUnder(send: () => ReturnType<typeof sendToParticipant>): Promise<WelcomeBackResult> {
  try {
    return { status: (await send()).status };
  } catch (error) {
    if (isInboxError(error) && error.code === 'IDEMPOTENCY_CONFLICT') return { status: 'skipped' };
    throw error;
  }
}

function asMember(memberId: string, contactId?: string): Recipient & { participantId: { memberId: string } } {
  return { participantId: { memberId }, kind: 'member', ...(contactId === undefined ? {} : { contactId }) };
}

/**
 * The greeting's variables, filled by the backend: the member's first name, else their profile nickname — the first
 * that is plain words (a nickname such as `eve_1987` is not). Both were typed by the member, so neither is trusted
 * (plain-words.ts): a name that is not plain words is left out, and the greeting reads well without it.
 */
function greeting(self: SessionMember, vars: readonly string[]): TemplateMessage {
  const name = [self.firstName, self.nickname].map(asPlainWords).find((n) => n !== undefined);
  return { template: TEMPLATE, vars: name !== undefined && vars.includes('name') ? { name } : {} };
}

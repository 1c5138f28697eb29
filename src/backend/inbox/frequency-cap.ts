import type { Intent } from './intent';
import { recipientKey, type Recipient } from './participant';
import type { CapClaim, Clock, DeliveryLog, DeliveryRecord } from './ports';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Whether `intent` may send its template to `recipient` now, claimed atomically (wix-data insert, first writer wins):
 * - once-per-participant: one claim `cap:<template>:<who>`, forever;
 * - once-per-24h: a chain `cap:<template>:<who>:<seq>`; the next link may only be claimed 24 h after the newest, so
 *   two sends can never both pass in any 24 hours, however many race (a fixed daily window would let two through
 *   around midnight, and renewing an old claim by reading then saving it lets every racer through).
 * A claim names its intent: a retry of the same intent still holds it.
 */
export async function holdsCap(log: DeliveryLog, clock: Clock, intent: Intent, recipient: Recipient, ahead: CapAhead = {}): Promise<boolean> {
  const template = intent.template;
  if (!template || template.frequency === 'every-time') return true;
  const chain = capChain(template.name, recipient);
  const at = clock.now();
  if (template.frequency === 'once-per-participant') {
    const claim: CapClaim = { id: `cap:${chain}`, kind: 'cap', chain, seq: 0, at, intentKey: intent.key };
    const there = await log.insert(claim);
    return there === undefined || (there.kind === 'cap' && there.intentKey === intent.key);
  }
  const claimed = ahead.claimed;
  if (claimed && claimed.link.chain === chain && claimed.link.intentKey === intent.key) {
    // Inserted beside the intent by a caller that had read the chain first (welcome-back.ts): that insert decided.
    const answered = await claimed.answer.then((there) => ({ there }), () => undefined);
    if (answered) return answered.there === undefined || (answered.there.kind === 'cap' && answered.there.intentKey === intent.key);
    // Its answer was lost: whether it was written is read from the chain below, as for any claim.
  }
  // Read ahead by a caller that knew the recipient before the intent was stored: the newest link is the same either way
  // (the insert below decides, and a link claimed since makes it collide).
  const newest = await (ahead.newest ?? log.latestCap(chain));
  if (newest && newest.intentKey === intent.key) return true;
  const seq = nextSeq(newest, at);
  if (seq === undefined) return false;
  const there = await log.insert(capLink(chain, seq, intent.key, at));
  return there === undefined || (there.kind === 'cap' && there.intentKey === intent.key);
}

/** What a send learned of its template's once-per-24h chain before its first attempt (send.ts). */
export interface CapAhead {
  /** The chain's newest link, read beside the intent insert. */
  readonly newest?: Promise<CapClaim | undefined>;
  /** The link the send inserted beside its intent, and that insert's answer (undefined: this send wrote it). */
  readonly claimed?: { readonly link: CapClaim; readonly answer: Promise<DeliveryRecord | undefined> };
}

/** The seq of the link a once-per-24h chain may take after `newest` at `at`, or undefined while `newest` is younger than 24 h. */
export function nextSeq(newest: CapClaim | undefined, at: Date): number | undefined {
  if (newest && at.getTime() - newest.at.getTime() < DAY_MS) return undefined;
  return (newest?.seq ?? 0) + 1;
}

/** Link `seq` of a once-per-24h chain, claimed for one intent. */
export function capLink(chain: string, seq: number, intentKey: string, at: Date): CapClaim {
  return { id: `cap:${chain}:${seq}`, kind: 'cap', chain, seq, at, intentKey };
}

/** The chain of claims a template's cap keeps for one person. */
export function capChain(template: string, recipient: Recipient): string {
  return `${template}:${recipientKey(recipient.participantId)}`;
}

/** Reads a once-per-24h chain's newest link ahead of holdsCap (undefined: nothing to read for this template). */
export function readCapAhead(log: DeliveryLog, template: Intent['template'], recipient: Recipient): Promise<CapClaim | undefined> | undefined {
  return template?.frequency === 'once-per-24h' ? log.latestCap(capChain(template.name, recipient)) : undefined;
}

/** Gives back the cap an intent claimed when the intent is given up, so a later send can greet the participant. */
export async function releaseCap(log: DeliveryLog, intent: Intent, recipient: Recipient): Promise<void> {
  const template = intent.template;
  if (!template || template.frequency === 'every-time') return;
  const newest = await log.latestCap(capChain(template.name, recipient));
  // Only this intent's own claim: another send's greeting stands.
  if (newest?.intentKey === intent.key) await log.release(newest.id);
}

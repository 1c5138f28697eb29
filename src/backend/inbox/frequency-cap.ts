import type { Intent } from './intent';
import { recipientKey, type Recipient } from './participant';
import type { CapClaim, Clock, DeliveryLog } from './ports';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Whether `intent` may send its template to `recipient` now, claimed atomically (wix-data insert, first writer wins):
 * - once-per-participant: one claim `cap:<template>:<who>`, forever;
 * - once-per-24h: a chain `cap:<template>:<who>:<seq>`; the next link may only be claimed 24 h after the newest, so
 *   two sends can never both pass in any 24 hours, however many race (a fixed daily window would let two through
 *   around midnight, and renewing an old claim by reading then saving it lets every racer through).
 * A claim names its intent: a retry of the same intent still holds it.
 */
export async function holdsCap(log: DeliveryLog, clock: Clock, intent: Intent, recipient: Recipient): Promise<boolean> {
  const template = intent.template;
  if (!template || template.frequency === 'every-time') return true;
  const chain = `${template.name}:${recipientKey(recipient.participantId)}`;
  const at = clock.now();
  if (template.frequency === 'once-per-participant') {
    const claim: CapClaim = { id: `cap:${chain}`, kind: 'cap', chain, seq: 0, at, intentKey: intent.key };
    const there = await log.insert(claim);
    return there === undefined || (there.kind === 'cap' && there.intentKey === intent.key);
  }
  const newest = await log.latestCap(chain);
  if (newest && newest.intentKey === intent.key) return true;
  if (newest && at.getTime() - newest.at.getTime() < DAY_MS) return false;
  const seq = (newest?.seq ?? 0) + 1;
  const claim: CapClaim = { id: `cap:${chain}:${seq}`, kind: 'cap', chain, seq, at, intentKey: intent.key };
  const there = await log.insert(claim);
  return there === undefined || (there.kind === 'cap' && there.intentKey === intent.key);
}

/** Gives back the cap an intent claimed when the intent is given up, so a later send can greet the participant. */
export async function releaseCap(log: DeliveryLog, intent: Intent, recipient: Recipient): Promise<void> {
  const template = intent.template;
  if (!template || template.frequency === 'every-time') return;
  const chain = `${template.name}:${recipientKey(recipient.participantId)}`;
  const newest = await log.latestCap(chain);
  // Only this intent's own claim: another send's greeting stands.
  if (newest?.intentKey === intent.key) await log.release(newest.id);
}

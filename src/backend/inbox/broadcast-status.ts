import { roundState } from './attempts';
import type { DeliveryDependencies } from './delivery';
import { InboxError } from './errors';
import { isFinished, type IntentStatus } from './intent';

/** A broadcast's progress, person by person, from what the delivery records decided (the outbox cache may lag). */
export interface BroadcastStatus {
  readonly broadcastId: string;
  /** Not delivered yet: waiting, being attempted, or retrying (the job keeps going). */
  readonly pending: number;
  readonly sent: number;
  /** Held back by the template's frequency cap. */
  readonly skipped: number;
  /** Given up (permanent failure or attempts exhausted). */
  readonly dead: number;
  /** People the broadcast reaches; 0 for an ID nobody started. */
  readonly total: number;
}

/** Records are read for this many intents per query. */
const RECORDS_CHUNK = 100;

/** Counts of a broadcast for a progress bar: `pending + sent + skipped + dead = total`. */
/** A broadcast ID as both sendToMany and broadcastStatus accept it; `field` names where it came from. */
export function checkBroadcastId(broadcastId: unknown, field: string): asserts broadcastId is string {
  if (typeof broadcastId !== 'string' || !/^[A-Za-z0-9_.:-]{1,100}$/.test(broadcastId)) {
    throw new InboxError('INVALID_INPUT', 'A broadcast ID is 1 to 100 letters, digits or _ . : -', { field });
  }
}

export async function broadcastStatus(deps: Pick<DeliveryDependencies, 'outbox' | 'deliveries'>, broadcastId: unknown): Promise<BroadcastStatus> {
  checkBroadcastId(broadcastId, 'broadcastId');
  const intents = await deps.outbox.ofBroadcast(broadcastId);
  const counts: Record<IntentStatus, number> = { pending: 0, retrying: 0, sent: 0, skipped: 0, dead: 0 };
  // A finished cache is always true; the unfinished ones are decided by their records (a web call records only those).
  const open = intents.filter((i) => !isFinished(i));
  for (const intent of intents) if (isFinished(intent)) counts[intent.status] += 1;
  for (let start = 0; start < open.length; start += RECORDS_CHUNK) {
    const chunk = open.slice(start, start + RECORDS_CHUNK);
    const records = await deps.deliveries.ofIntents(chunk.map((i) => i.key));
    for (const intent of chunk) {
      const outcome = roundState(intent, records).outcome;
      if (outcome?.status === 'sent' || outcome?.status === 'skipped' || outcome?.status === 'dead') counts[outcome.status] += 1;
      else counts.pending += 1;
    }
  }
  return { broadcastId, pending: counts.pending + counts.retrying, sent: counts.sent, skipped: counts.skipped, dead: counts.dead, total: intents.length };
}

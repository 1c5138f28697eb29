import { newestRoundRow, readRound, type RoundState } from './attempts';
import { endedBy, saveCache, saveFinished } from './delivery';
import { InboxError, isInboxError } from './errors';
import { isFinished, type Intent, type IntentStatus } from './intent';
import { newRound, type SendDependencies } from './send';

export interface RetryAnswer {
  readonly key: string;
  /** True when this call started the new round; false when the message was not dead (any more) or another retry won. */
  readonly retried: boolean;
  readonly status: IntentStatus | 'queued';
  /**
   * Why the new round died too, when it did (`dead`, `retried: true`); why the Retry could not start it (`dead`,
   * `retried: false`: nothing of it landed, the message is still dead); or, with `queued`, the failure that left this
   * call unable to read back whether the new round was started (a lost answer, and then the read-back failed too).
   */
  readonly code?: string;
}

/**
 * Tries a dead message again, through the same exactly-once path as every send: a new round of its intent, whose first
 * attempt is claimed by one insert (`attempt:<key>:<round>:1`). Two retries at once → one claims it, the other answers
 * `retried: false`; a retry after the message went out finds it sent and does nothing.
 */
export async function retryDeadMessage(deps: SendDependencies, key: unknown): Promise<RetryAnswer> {
  if (typeof key !== 'string' || key.length === 0 || key.length > 200) throw new InboxError('INVALID_INPUT', 'A message key is a string of 1 to 200 characters.', { field: 'key' });
  const intent = await deps.outbox.get(key);
  if (!intent) throw new InboxError('INVALID_INPUT', 'No message with this key is in the outbox (finished messages are removed after the retention period).', { field: 'key' });
  const state = await readRound(deps.deliveries, intent);
  const outcome = state.outcome?.status;
  // Records decide. When housekeeping removed them (older than their retention), the finished cache is true.
  const recordsGone = state.results.size === 0 && state.round <= intent.round && isFinished(intent);
  const status: IntentStatus = outcome === 'sent' || outcome === 'skipped' || outcome === 'dead' ? outcome : recordsGone ? intent.status : intent.status === 'retrying' ? 'retrying' : 'pending';
  if (status !== 'dead') {
    if (hidesNewerRound(intent, state)) await showNewerRound(deps, intent, state);
    else if (state.outcome && state.round > intent.round) await showNewerOutcome(deps, intent, state.outcome);
    return { key, retried: false, status };
  }
  const from = Math.max(intent.round, state.round);
  try {
    const result = await newRound(deps, { ...intent, round: from, status: 'dead' }, deps.clock.now());
    return { key, retried: !result.deduplicated, status: result.status };
  } catch (error) {
    if (!isInboxError(error)) throw error;
    // A refusal (a 4xx: nothing written) or the new round's own permanent failure, recorded dead: it failed again.
    if (!error.retryable) return { key, retried: true, status: 'dead', code: error.code };
    return afterRetryableFailure(deps, intent, from, error);
  }
}

/**
 * newRound failed with a retryable error: a write whose answer was lost (a 504) may have landed. The row's move to
 * the new round, or its first attempt's claim, landed, and the job then sends the message; answering "failed again"
 * would have the owner send it by hand, a second copy. So the records and the row are read back (one round trip, on
 * this failure only) and the answer is what they show:
 * - the new round ended (its attempt ran and recorded how): that outcome, `dead` with its code only then;
 * - the new round claimed, not ended: `queued` (the row is made to show it, due now, when it does not);
 * - the row moved to the new round, nothing claimed: `queued` (the job claims and sends it);
 * - nothing landed: not retried, still dead, with the code (the owner may press Retry again);
 * - the read-back failed too: unknown, `queued` with the code (the panel lists it dead again if nothing landed).
 */
async function afterRetryableFailure(deps: SendDependencies, intent: Intent, from: number, error: InboxError): Promise<RetryAnswer> {
  const key = intent.key;
  let state: RoundState;
  let row: Intent | undefined;
  try {
    [state, row] = await Promise.all([readRound(deps.deliveries, intent), deps.outbox.get(key)]);
  } catch (unread) {
    if (!isInboxError(unread)) throw unread;
    return { key, retried: true, status: 'queued', code: error.code };
  }
  if (state.round > from) {
    const ended = state.outcome?.status;
    if (ended === 'sent' || ended === 'skipped') return { key, retried: true, status: ended };
    if (ended === 'dead') return { key, retried: true, status: 'dead', code: state.outcome?.error?.code ?? error.code };
    // Claimed and not ended: the job finishes it once the row lists it (a stale write, or a move that never landed
    // before the claim's answer was lost, may leave the row behind). A failed write is reported: the answer stands,
    // and the owner's next Retry repairs the row (hidesNewerRound).
    if (!row || row.round < state.round || isFinished(row)) {
      const now = deps.clock.now();
      await saveCache(deps, newestRoundRow(row ?? intent, state, now, now));
    }
    return { key, retried: true, status: 'queued' };
  }
  if (row && row.round > from && !isFinished(row)) return { key, retried: true, status: 'queued' };
  return { key, retried: false, status: 'dead', code: error.code };
}

/**
 * Whether the row reads an earlier round finished while the records show a newer round under way: a stale finished
 * write landed over an admin's retry and every write that should have put the row back failed (delivery.ts
 * saveFinished). The owner panel then still lists the message as dead, and the job, listing only unfinished rows,
 * never looks at it again.
 */
function hidesNewerRound(row: Intent, state: RoundState): boolean {
  return isFinished(row) && state.round > row.round && state.outcome === undefined;
}

/**
 * The owner's Retry on such a row puts it back as the newer round, due now, so the job delivers it (the round was
 * already started: nothing new is claimed). A failed write is reported, as saveCache does: the next Retry tries again.
 */
async function showNewerRound(deps: SendDependencies, row: Intent, state: RoundState): Promise<void> {
  const now = deps.clock.now();
  await saveCache(deps, newestRoundRow(row, state, now, now));
}

/**
 * The same stale row over a newer round that has ended since (sent, skipped, or dead again): the row is written with
 * that round's outcome, so the panel, a replay and a later resend read what happened. Written as every finished row a
 * newer round may follow (saveFinished): a resend past that round's replay window may start the next round between
 * this call's read and its write, and a plain write would hide it. A failed write is reported.
 */
async function showNewerOutcome(deps: SendDependencies, row: Intent, outcome: NonNullable<RoundState['outcome']>): Promise<void> {
  await saveFinished(deps, endedBy(row, outcome));
}

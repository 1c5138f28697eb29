import { readRound } from './attempts';
import { InboxError, isInboxError } from './errors';
import { isFinished, type IntentStatus } from './intent';
import { newRound, type SendDependencies } from './send';

export interface RetryAnswer {
  readonly key: string;
  /** True when this call started the new round; false when the message was not dead (any more) or another retry won. */
  readonly retried: boolean;
  readonly status: IntentStatus | 'queued';
  /** Why the new round died too, when it did. */
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
  if (status !== 'dead') return { key, retried: false, status };
  try {
    const result = await newRound(deps, { ...intent, round: Math.max(intent.round, state.round), status: 'dead' }, deps.clock.now());
    return { key, retried: !result.deduplicated, status: result.status };
  } catch (error) {
    if (!isInboxError(error)) throw error;
    return { key, retried: true, status: 'dead', code: error.code };
  }
}

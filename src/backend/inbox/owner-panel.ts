import { roundState } from './attempts';
import { broadcastStatus, type BroadcastStatus } from './broadcast-status';
import type { DeliveryDependencies } from './delivery';
import type { Intent } from './intent';
import type { OwnerView } from './owner-view';
import type { AttemptResult } from './ports';

/** What the owner panel shows of the outbox: counts that are true, dead messages and why, broadcasts' progress. */
export interface OutboxOverview {
  readonly counts: {
    /** Delayed templates not due yet. */
    readonly scheduled: number;
    /** Waiting for their first attempt, or being attempted now. */
    readonly pending: number;
    /** Failed for now; the hourly job tries again. */
    readonly retrying: number;
    readonly sent: number;
    /** Held back by a template's frequency cap. */
    readonly skipped: number;
    readonly dead: number;
  };
  /**
   * Messages the CMS still shows as pending or retrying although they ended (a web call records the outcome, the job
   * copies it into the row's `status` on its next run): the CMS column is a cache, these counts are not.
   */
  readonly cacheBehind: number;
  /** More unfinished messages than one look reads: the rest are counted as the cache says. */
  readonly partial: boolean;
  readonly dead: readonly DeadMessage[];
  readonly broadcasts: readonly (BroadcastStatus & { readonly startedAt: Date })[];
}

export interface DeadMessage {
  readonly key: string;
  /** Why it was given up: `attempts exhausted (12)`, `permanent failure: PARTICIPANT_NOT_FOUND`. */
  readonly reason: string;
  readonly code?: string;
  readonly template?: string;
  readonly at: Date;
}

const UNFINISHED_READ = 500;
const DEAD_SHOWN = 50;
const BROADCASTS_SHOWN = 5;
const RECORDS_CHUNK = 100;

/**
 * The outbox as the delivery records decide it (docs/decisions/0009): finished rows are counted from the cache (it is
 * written after the outcome, so it is true for them); unfinished ones are looked up in their records, since a web call
 * that delivered leaves its row `pending` until the job runs.
 */
export async function outboxOverview(deps: Pick<DeliveryDependencies, 'outbox' | 'deliveries' | 'clock'>, view: OwnerView): Promise<OutboxOverview> {
  const now = deps.clock.now();
  const [sent, skipped, dead, pendingRows, retryingRows, unfinished, deadRows, recent] = await Promise.all([
    view.countByStatus('sent'),
    view.countByStatus('skipped'),
    view.countByStatus('dead'),
    view.countByStatus('pending'),
    view.countByStatus('retrying'),
    view.unfinished(UNFINISHED_READ),
    view.dead(DEAD_SHOWN),
    view.recentBroadcasts(BROADCASTS_SHOWN),
  ]);
  const counts = { scheduled: 0, pending: 0, retrying: 0, sent, skipped, dead };
  const endedDead: DeadMessage[] = [];
  let cacheBehind = 0;
  for (let start = 0; start < unfinished.length; start += RECORDS_CHUNK) {
    const chunk = unfinished.slice(start, start + RECORDS_CHUNK);
    const records = await deps.deliveries.ofIntents(chunk.map((i) => i.key));
    for (const intent of chunk) {
      const state = roundState(intent, records);
      const outcome = state.outcome;
      if (outcome?.status === 'sent' || outcome?.status === 'skipped' || outcome?.status === 'dead') {
        cacheBehind += 1;
        counts[outcome.status] += 1;
        if (outcome.status === 'dead') endedDead.push(deadMessage(intent, outcome));
      } else if (intent.notBefore !== undefined && intent.notBefore > now && state.last === 0) counts.scheduled += 1;
      else if (state.results.size > 0) counts.retrying += 1;
      else counts.pending += 1;
    }
  }
  // Rows past what was read keep the cache's word for them.
  const unreadPending = Math.max(0, pendingRows - unfinished.filter((i) => i.status === 'pending').length);
  const unreadRetrying = Math.max(0, retryingRows - unfinished.filter((i) => i.status === 'retrying').length);
  counts.pending += unreadPending;
  counts.retrying += unreadRetrying;

  const broadcasts = await Promise.all(recent.map(async (b) => ({ ...(await broadcastStatus(deps, b.broadcastId)), startedAt: b.startedAt })));
  const deadList = [...endedDead, ...deadRows.map((intent) => deadMessage(intent))].sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, DEAD_SHOWN);
  return { counts, cacheBehind, partial: unreadPending + unreadRetrying > 0, dead: deadList, broadcasts };
}

function deadMessage(intent: Intent, outcome?: AttemptResult): DeadMessage {
  const code = outcome?.error?.code ?? intent.lastError?.code;
  return {
    key: intent.key,
    reason: outcome?.deadReason ?? intent.deadReason ?? 'given up',
    ...(code ? { code } : {}),
    ...(intent.template ? { template: intent.template.name } : {}),
    at: outcome?.at ?? intent.completedAt ?? intent.updatedAt,
  };
}

import { sendToParticipant } from 'backend/inbox.web';
import { retryDeadMessage } from 'backend/inbox-owner.web';
import { drainInboxOutbox } from 'backend/inbox-jobs';
import type { Site } from 'wix-emulator';
import { callers } from './emulator';
import { seedContact } from './people';

const HOUR = 60 * 60 * 1000;
const KEY = 'order-17';

export interface LaggingRow {
  /** The outbox row of the message, as stored now. */
  readonly row: () => { status?: string; round?: number; gate?: unknown } | undefined;
  /** Messages Inbox accepted so far. */
  readonly sent: () => number;
  /** The owner pressing Retry on the message from the panel. */
  readonly retry: () => ReturnType<typeof retryDeadMessage>;
  /** One run of the hourly job, an hour after the last. */
  readonly runJob: () => Promise<unknown>;
}

/**
 * A message whose send died at once (nobody under its email yet: PARTICIPANT_NOT_FOUND) and whose row's write failed,
 * so the row lags `pending` while its records say dead (the panel lists it dead). The person then becomes a contact.
 * The job lists the lagging row; before its worker writes the refreshed row, the owner presses Retry while Inbox is
 * down, so round 1 is queued for the job. `whileRefreshing` runs right after that Retry, still before the job's write
 * (to fault what comes next). Answers what the first Retry answered, and handles on the site.
 */
export async function rowLaggingUnderARetry(site: Site, whileRefreshing: () => void = () => undefined): Promise<LaggingRow & { retried: unknown }> {
  const asAdmin = <T>(fn: () => Promise<T>) => site.as(callers.admin(), fn);
  const handles: LaggingRow = {
    row: () => site.data.inspectCollection('InboxOutbox').find((item) => item._id === KEY) as ReturnType<LaggingRow['row']>,
    sent: () => site.journal.entries('inbox.sendMessage').filter((e) => e.outcome === 'ok').length,
    retry: () => asAdmin(() => retryDeadMessage(KEY)),
    runJob: async () => {
      site.clock.advance(HOUR);
      return site.as(callers.job(), () => drainInboxOutbox());
    },
  };
  site.faults.inject('data.update', { status: 503, times: 1 });
  const first = await asAdmin(() => sendToParticipant({ email: 'late@example.com' }, 'Your order shipped', { idempotencyKey: KEY }));
  site.faults.clear();
  if (first.ok || first.error.code !== 'PARTICIPANT_NOT_FOUND') throw new Error(`the first send was meant to die at once: ${JSON.stringify(first)}`);
  if (handles.row()?.status !== 'pending') throw new Error('the row was meant to lag pending');
  seedContact(site, { email: 'late@example.com' });

  let retried: unknown;
  site.faults.interleave('data.update', async () => {
    const outage = site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1e9 });
    retried = await handles.retry();
    site.faults.remove(outage);
    whileRefreshing();
  });
  await handles.runJob();
  site.faults.clear();
  return { ...handles, retried };
}

// What the owner panel writes into its text elements: plain sentences from the backend's answers (no HTML, so nothing
// a participant typed — there is none here, but keys are caller-chosen — can become markup).
import type { OutboxOverview } from 'backend/inbox/owner-panel';
import type { RetryAnswer } from 'backend/inbox/retry-dead';
import type { SetupReport } from 'backend/inbox/setup';

type Failure = { readonly code: string; readonly message: string };

export function setupText(report: SetupReport): string {
  if (report.ready) return 'Set up: every collection exists, and the Members Area and Inbox are installed.';
  const missing = report.items.filter((i) => i.status === 'missing').map((i) => `${i.item}: ${i.howToFix ?? 'missing'}${i.failure ? ` (Wix answered ${i.failure})` : ''}`);
  return ['Not set up yet. Press "Set up", or:', ...missing].join('\n');
}

export function countsText(overview: OutboxOverview): string {
  const c = overview.counts;
  const line = `Sent ${c.sent} · Pending ${c.pending} · Retrying ${c.retrying} · Scheduled ${c.scheduled} · Skipped ${c.skipped} · Dead ${c.dead}`;
  const notes = [
    ...(overview.cacheBehind > 0 ? [`${overview.cacheBehind} of these still show "pending" or "retrying" in the CMS: its status column is a cache the hourly job updates.`] : []),
    ...(overview.partial ? ['Only the oldest unfinished messages were looked at; the rest are counted as the CMS shows them.'] : []),
  ];
  return [line, ...notes].join('\n');
}

export function deadText(overview: OutboxOverview): string {
  if (overview.dead.length === 0) return 'No dead messages.';
  return overview.dead.map((d) => `${d.key} — ${d.reason}${d.template ? ` (template ${d.template})` : ''}, ${d.at.toISOString().slice(0, 16).replace('T', ' ')} UTC`).join('\n');
}

export function broadcastsText(overview: OutboxOverview): string {
  if (overview.broadcasts.length === 0) return 'No broadcasts yet.';
  return overview.broadcasts
    .map((b) => `${b.broadcastId}: ${b.sent} of ${b.total} sent (${Math.round((100 * (b.sent + b.skipped + b.dead)) / Math.max(1, b.total))}% done; ${b.pending} pending, ${b.skipped} skipped, ${b.dead} dead)`)
    .join('\n');
}

export function retryText(answer: RetryAnswer): string {
  if (answer.retried) {
    if (answer.status === 'sent') return `${answer.key}: sent.`;
    if (answer.status === 'skipped') return `${answer.key}: held back by its template's frequency cap.`;
    if (answer.status === 'dead') return `${answer.key}: failed again (${answer.code ?? 'unknown'}).`;
    // Queued with a code: Wix's answer was lost and could not be read back, so whether the retry started is unknown.
    if (answer.code) return `${answer.key}: not confirmed (${answer.code}); if the retry started, the hourly job delivers it, otherwise it is listed as dead again.`;
    return `${answer.key}: queued; the hourly job delivers it.`;
  }
  // Dead with a code: Wix failed (a 5xx, a 429, a lost answer) before anything of the retry was written; the message is
  // still dead. Not "did not answer": most such failures are answers (an error status).
  if (answer.status === 'dead' && answer.code) return `${answer.key}: not retried, Wix failed before the retry started (${answer.code}); it is still dead, press Retry again.`;
  return answer.status === 'dead' || answer.status === 'queued' ? `${answer.key}: another retry is under way.` : `${answer.key} is not dead (${answer.status}): nothing to retry.`;
}

export function failureText(error: Failure): string {
  return error.code === 'PERMISSION_DENIED' ? 'Only the site’s admins can use this panel.' : `Not available right now (${error.code}).`;
}

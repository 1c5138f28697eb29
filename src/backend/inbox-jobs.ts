// Scheduled by jobs.config (hourly, Wix's shortest interval). Runs as Admin, with no visitor session.
import { drainOutbox } from './inbox/drain';
import { purgeExpired } from './inbox/retention';
import { family } from './inbox-family';

/**
 * Delivers what web methods and event handlers could not deliver at once, then removes state that has served its
 * purpose (old finished intents hold message text and addresses). Returns and logs counts only.
 */
export async function drainInboxOutbox() {
  const deps = family.dependencies();
  const drained = await drainOutbox(deps);
  const purged = await purgeExpired(family.housekeeping, deps.clock);
  console.info('velo-inbox: outbox drained', { taken: drained.taken, ...drained.byStatus, contended: drained.contended, failed: drained.failed, refreshed: drained.refreshed });
  console.info('velo-inbox: housekeeping', purged);
  return { ...drained, purged };
}

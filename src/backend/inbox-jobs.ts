// Scheduled by jobs.config (hourly, Wix's shortest interval). Runs as Admin, with no visitor session.
import { drainOutbox } from './inbox/drain';
import { InboxError } from './inbox/errors';
import { purgeExpired } from './inbox/retention';
import { family } from './inbox-family';
import { REQUIRED_COLLECTIONS } from './wix/collections';
import { veloSetup } from './wix/velo-setup';

/**
 * Delivers what web methods and event handlers could not deliver at once, then removes state that has served its
 * purpose (old finished intents hold message text and addresses). Returns and logs counts only.
 */
export async function drainInboxOutbox() {
  await requireCollections();
  const deps = family.dependencies();
  const drained = await drainOutbox(deps);
  const purged = await purgeExpired(family.housekeeping, deps.clock, family.config.retention);
  console.info('velo-inbox: outbox drained', { taken: drained.taken, ...drained.byStatus, contended: drained.contended, failed: drained.failed, refreshed: drained.refreshed });
  console.info('velo-inbox: housekeeping', purged);
  return { ...drained, purged };
}

/**
 * Before taking any intent: on a site whose collections are not all there, every attempt would fail the same way and
 * stay queued, hour after hour. The job makes no attempt and fails with what to do; queued intents wait, untouched,
 * until an admin runs setUpInbox(), and the next run delivers them.
 */
async function requireCollections(): Promise<void> {
  const missing: string[] = [];
  for (const name of REQUIRED_COLLECTIONS) if (!(await veloSetup.hasCollection(name))) missing.push(name);
  if (missing.length > 0) {
    throw new InboxError('SITE_NOT_SET_UP', `velo-inbox: collection(s) ${missing.join(', ')} missing; no message was attempted. An admin can create them with setUpInbox() (backend/inbox-setup.web).`);
  }
}

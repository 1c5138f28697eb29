// Scheduled by jobs.config (hourly, Wix's shortest interval). Runs as Admin, with no visitor session.
import { drainOutbox } from './inbox/drain';
import { inboxDependencies } from './wix/composition';

/** Delivers what web methods and event handlers could not deliver at once. Returns counts, no personal data. */
export async function drainInboxOutbox() {
  const report = await drainOutbox(inboxDependencies());
  console.info('velo-inbox: outbox drained', { taken: report.taken, ...report.byStatus });
  return report;
}

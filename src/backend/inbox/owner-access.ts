import type { AccessDependencies } from './access';
import { InboxError } from './errors';
import { outboxOverview, type OutboxOverview } from './owner-panel';
import type { OwnerView } from './owner-view';
import { retryDeadMessage, type RetryAnswer } from './retry-dead';

/**
 * The owner panel's backend: site admins only, decided from the backend session (never from arguments), before
 * anything is read. The web module's `Permissions.Admin` refuses others at the door too; this holds if it is changed.
 */
export async function overviewAsCaller(deps: AccessDependencies, view: OwnerView): Promise<OutboxOverview> {
  await assertAdmin(deps);
  return outboxOverview(deps, view);
}

export async function retryAsCaller(deps: AccessDependencies, key: unknown): Promise<RetryAnswer> {
  await assertAdmin(deps);
  return retryDeadMessage(deps, key);
}

async function assertAdmin(deps: AccessDependencies): Promise<void> {
  const caller = await deps.identity.currentCaller();
  if (caller.kind !== 'admin') throw new InboxError('PERMISSION_DENIED', 'Only site admins can see and retry the outbox.');
}

import { z } from 'zod';
import type { AccessDependencies } from './access';
import { sendToMany, type BroadcastOptions, type BroadcastRecipients, type BroadcastResult } from './broadcast';
import { broadcastStatus, type BroadcastStatus } from './broadcast-status';
import { InboxError } from './errors';

/**
 * Broadcasts through the public web methods: site admins only, decided from the backend session (never from
 * arguments). Members and visitors are refused before anything is read or written.
 */
export async function broadcastAsCaller(deps: AccessDependencies, recipients: unknown, message: unknown, options: unknown): Promise<BroadcastResult> {
  await assertAdmin(deps);
  return sendToMany(deps, recipients as BroadcastRecipients, message, parseBroadcastOptions(options));
}

export async function broadcastStatusAsCaller(deps: AccessDependencies, broadcastId: unknown): Promise<BroadcastStatus> {
  await assertAdmin(deps);
  return broadcastStatus(deps, broadcastId);
}

async function assertAdmin(deps: AccessDependencies): Promise<void> {
  const caller = await deps.identity.currentCaller();
  if (caller.kind !== 'admin') throw new InboxError('PERMISSION_DENIED', 'Only site admins can send or follow broadcasts.');
}

// A page chooses what and to whom, not how long the call runs nor how hard it pushes Wix.
const optionsSchema = z
  .strictObject({
    idempotencyKey: z.string().min(1).max(100).optional(),
    visibility: z.enum(['BUSINESS_AND_PARTICIPANT', 'BUSINESS']).optional(),
    sendNotifications: z.boolean().optional(),
  })
  .optional();

function parseBroadcastOptions(options: unknown): BroadcastOptions {
  const parsed = optionsSchema.safeParse(options ?? undefined);
  if (!parsed.success) {
    const path = parsed.error.issues[0]?.path.join('.') ?? '';
    throw new InboxError('INVALID_INPUT', `Invalid broadcast options${path ? ` at ${path}` : ''}.`, { field: `options${path ? `.${path}` : ''}` });
  }
  return parsed.data ?? {};
}

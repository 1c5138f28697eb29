import type { Context } from 'hono';
import type { Caller, CallContext } from '../kernel/caller';
import { applicationError, validationError } from '../kernel/wix-errors';

/**
 * Who calls the REST face. An `Authorization` API key is the site admin (as a Wix API key acts for the site). Site
 * code running locally against the face (sdk-context.ts) instead names its current emulator caller in a private
 * header, so the permission rules apply to the visitor or member it acts for, and says when `auth.elevate` is in force.
 * These headers are the emulator's own: anyone who can reach the local port can claim any caller, which is what a
 * test harness needs and why the server listens on 127.0.0.1 only.
 */
export const CALLER_HEADER = 'x-emulator-caller';
export const ELEVATED_HEADER = 'x-emulator-elevated';

/**
 * The site admin behind an API key: the Wix user who made the key. Wix stamps a user's GUID where an admin writes
 * (`_owner` of a data item, `sender.wixUserId` of a message, both GUIDs), never a label: so does the emulator. Which
 * user Wix stamps for an API-key call is not documented; a fixed GUID stands for them.
 */
export const API_KEY_USER_ID = '0f3c6a52-7b1d-4c8e-9a2f-5d6e7f809a1b';
export const API_KEY_ADMIN: Caller = { kind: 'admin', visitorId: 'a1c5e9f3-2b4d-4f6a-8c0e-1d3f5b7a9c2e', userId: API_KEY_USER_ID };

export function callerHeaders(context: CallContext): Record<string, string> {
  return {
    [CALLER_HEADER]: JSON.stringify(context.caller),
    ...(context.elevated ? { [ELEVATED_HEADER]: 'true' } : {}),
  };
}

export function callContextOf(c: Context): CallContext {
  const named = c.req.header(CALLER_HEADER);
  const elevated = c.req.header(ELEVATED_HEADER) === 'true';
  if (named !== undefined) return { caller: parseCaller(named), elevated };
  if (c.req.header('authorization')) return { caller: API_KEY_ADMIN, elevated };
  throw applicationError(401, 'UNAUTHORIZED', 'Missing credentials: send an API key in the Authorization header (site code: call inside an emulator caller, runAs or site.as)');
}

function parseCaller(text: string): Caller {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw validationError(CALLER_HEADER, 'must be a JSON caller');
  }
  const v = (value ?? {}) as Record<string, unknown>;
  const str = (key: string) => typeof v[key] === 'string' && v[key] !== '';
  switch (v.kind) {
    case 'visitor':
      if (str('visitorId')) return { kind: 'visitor', visitorId: v.visitorId as string };
      break;
    case 'member':
      if (str('visitorId') && str('memberId')) return { kind: 'member', visitorId: v.visitorId as string, memberId: v.memberId as string };
      break;
    case 'admin':
      if (str('visitorId') && str('userId')) return { kind: 'admin', visitorId: v.visitorId as string, userId: v.userId as string };
      break;
    case 'system':
      if (v.reason === 'event' || v.reason === 'job') return { kind: 'system', reason: v.reason };
      break;
  }
  throw validationError(CALLER_HEADER, 'must name a visitor, member, admin or system caller');
}

import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who is making a call. Wix decides this from the session, never from an argument, so the emulator carries it per
 * async call (AsyncLocalStorage) instead of in a global: concurrent calls as different callers never see each other.
 */
export type Caller =
  | { readonly kind: 'visitor'; readonly visitorId: string }
  | { readonly kind: 'member'; readonly visitorId: string; readonly memberId: string }
  | { readonly kind: 'admin'; readonly visitorId: string; readonly userId: string }
  /** Backend-initiated work with no session: event handlers and scheduled jobs. */
  | { readonly kind: 'system'; readonly visitorId?: undefined; readonly reason: 'event' | 'job' };

export interface CallContext {
  readonly caller: Caller;
  /** True inside `elevate(fn)`: admin-only APIs are allowed, the caller is unchanged. */
  readonly elevated: boolean;
}

const storage = new AsyncLocalStorage<CallContext>();

export function runAs<T>(caller: Caller, fn: () => T): T {
  return storage.run({ caller, elevated: false }, fn);
}

export function runElevated<T>(fn: () => T): T {
  const context = currentContext();
  return storage.run({ caller: context.caller, elevated: true }, fn);
}

export function currentContext(): CallContext {
  const context = storage.getStore();
  if (!context) {
    throw new Error('No caller: emulated Wix code must run inside runAs(caller, fn) (or site.as(caller)).');
  }
  return context;
}

export function hasContext(): boolean {
  return storage.getStore() !== undefined;
}

/** Admin-level APIs pass for an admin caller, inside `elevate`, or with `suppressAuth`. */
export function mayUseAdminApis(context: CallContext, suppressAuth = false): boolean {
  return context.elevated || suppressAuth || context.caller.kind === 'admin' || context.caller.kind === 'system' && context.caller.reason === 'job';
}

export function describeCaller(caller: Caller): string {
  switch (caller.kind) {
    case 'visitor':
      return `visitor:${caller.visitorId}`;
    case 'member':
      return `member:${caller.memberId}`;
    case 'admin':
      return `admin:${caller.userId}`;
    case 'system':
      return `system:${caller.reason}`;
  }
}

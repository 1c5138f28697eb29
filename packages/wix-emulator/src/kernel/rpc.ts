import { AsyncLocalStorage } from 'node:async_hooks';
import { currentContext, runAs, type Caller } from './caller';
import type { Site } from '../site';
import { applicationError } from './wix-errors';

/**
 * The boundary between page code and backend code, as the page's XHR proxy to a web method crosses it:
 * the backend decides who is calling from the session (never from an argument), checks the method's permission,
 * receives the arguments and returns the result as JSON, and lets only an error's `message` through.
 */

// ---- which side of the boundary code runs on -------------------------------------------------------------------

type Side = { readonly kind: 'page'; readonly page: object } | { readonly kind: 'backend' };
const sides = new AsyncLocalStorage<Side>();

/** Runs page code: `page` is the page runtime's scope object, found again with `currentPage()`. */
export function runOnPage<T>(page: object, fn: () => T): T {
  return sides.run({ kind: 'page', page }, fn);
}

export function runOnBackend<T>(fn: () => T): T {
  return sides.run({ kind: 'backend' }, fn);
}

/** The page whose code is running, or undefined on the backend (and in plain tests, which act as backend code). */
export function currentPage(): object | undefined {
  const side = sides.getStore();
  return side?.kind === 'page' ? side.page : undefined;
}

// ---- permissions ---------------------------------------------------------------------------------------------------

/** `Permissions` of `wix-web-module` (values equal names, as in @wix/web-methods-definitions). */
export type WebPermission = 'Anyone' | 'SiteMember' | 'Admin';

export function webPermissionAllows(permission: WebPermission, caller: Caller): boolean {
  switch (permission) {
    case 'Anyone':
      return true;
    case 'SiteMember':
      return caller.kind === 'member' || caller.kind === 'admin';
    case 'Admin':
      return caller.kind === 'admin';
  }
}

/** `src/backend/permissions.json` of `.jsw` modules: module path → function → role → `{ invoke }`, `*` as fallback. */
export interface JswPermissions {
  readonly 'web-methods'?: Readonly<Record<string, Readonly<Record<string, JswRoleRules>>>>;
}
export interface JswRoleRules {
  readonly siteOwner?: { readonly invoke: boolean };
  readonly siteMember?: { readonly invoke: boolean };
  readonly anonymous?: { readonly invoke: boolean };
}

/**
 * The most specific rule wins: `[module][function]`, then `[module]['*']`, then `['*']['*']`. No rule, or no entry
 * for the caller's role in it, denies (stricter than Wix's editor default of Anyone, which writes an explicit `*` rule).
 */
export function jswPermissionAllows(permissions: JswPermissions, modulePath: string, functionName: string, caller: Caller): boolean {
  const methods = permissions['web-methods'] ?? {};
  const rules = methods[modulePath]?.[functionName] ?? methods[modulePath]?.['*'] ?? methods['*']?.['*'];
  if (!rules) return false;
  const role = caller.kind === 'admin' ? 'siteOwner' : caller.kind === 'member' ? 'siteMember' : caller.kind === 'visitor' ? 'anonymous' : undefined;
  return role !== undefined && rules[role]?.invoke === true;
}

// ---- what crosses the wire ------------------------------------------------------------------------------------------

/** A JSON round trip, as the XHR proxy does: Dates become ISO strings, `undefined` properties drop, methods vanish. */
export function overTheWire(value: unknown, what: string): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new Error(`${what} cannot be sent between page and backend: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return text === undefined ? undefined : JSON.parse(text);
}

/**
 * What the page receives for a failed call: a plain Error with the message only — no `code`, `status`, `details` or
 * custom class (UNCONFIRMED which properties Wix keeps; the emulator keeps none, so web methods return errors as data).
 */
export function errorForPage(error: unknown): Error {
  if (error instanceof Error) return new Error(error.message);
  if (error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') {
    return new Error((error as { message: string }).message);
  }
  return new Error(String(error));
}

// ---- the call itself ------------------------------------------------------------------------------------------------

export interface BackendCall {
  /** Journal operation, e.g. `webMethod.placeOrder`. */
  readonly operation: string;
  readonly args: readonly unknown[];
  /** Decides from the session's caller; a refusal rejects with a forbidden error. */
  readonly allows: (caller: Caller) => boolean;
  readonly forbiddenMessage: string;
  readonly fn: (...args: unknown[]) => unknown;
}

/**
 * One page→backend call through `kernel.operate` (latency, injected faults, journal). The function runs as the same
 * caller in a fresh, non-elevated backend context, whatever context the call came from.
 */
export async function callBackend(site: Site, call: BackendCall): Promise<unknown> {
  const { caller } = currentContext();
  const sent = overTheWire([...call.args], 'The arguments') as unknown[];
  // The request leaves after the page's current task, as an XHR does: code after the call runs before the method.
  await new Promise<void>((resolve) => setImmediate(resolve));
  try {
    return await site.kernel.operate(call.operation, sent, { access: 'anyone', errorStyle: 'v2' }, async () => {
      if (!call.allows(caller)) throw applicationError(403, 'FORBIDDEN', call.forbiddenMessage);
      try {
        const result = await runAs(caller, () => runOnBackend(() => call.fn(...sent)));
        return overTheWire(result, 'The result');
      } catch (error) {
        // Stripped here so the journal shows what the page saw (and an inner operation's error is not mistaken
        // for one the journal already holds).
        throw errorForPage(error);
      }
    });
  } catch (error) {
    throw errorForPage(forbiddenText(error) ?? error);
  }
}

/** A forbidden error's JSON message carries Wix details; the page gets its description only. */
function forbiddenText(error: unknown): string | undefined {
  const details = (error as { details?: { applicationError?: { code?: string; description?: string } } } | null)?.details;
  return details?.applicationError?.code === 'FORBIDDEN' ? details.applicationError.description : undefined;
}

// ---- web methods as page code imports them ------------------------------------------------------------------------

/** Every function `webMethod()` returned, with the permission it was declared with. */
const webMethods = new WeakMap<object, WebPermission>();
const webMethodNames = new WeakMap<object, string>();

/** Called by `webMethod()` for each function it returns. */
export function registerWebMethod(wrapper: object, permission: WebPermission): void {
  webMethods.set(wrapper, permission);
}

/** The permission a web method was declared with (`webMethod(Permissions.Admin, …)`); undefined for anything else. */
export function webMethodPermission(wrapper: unknown): WebPermission | undefined {
  return typeof wrapper === 'function' ? webMethods.get(wrapper) : undefined;
}

/**
 * What page code gets from `import … from 'backend/x.web'`: the module's web methods only (a plain exported function
 * or value is not reachable from the frontend). Naming them here lets the journal say `webMethod.placeOrder`,
 * which `webMethod(...)` alone cannot know (it never sees the export name it is assigned to).
 */
export function exposeWebModule(moduleExports: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  const exposed: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(moduleExports)) {
    if (typeof value !== 'function' || !webMethods.has(value)) continue;
    if (!webMethodNames.has(value)) webMethodNames.set(value, name);
    exposed[name] = value;
  }
  return asModule(exposed);
}

/** Marked as an ES module (non-enumerable), so compiled `import * as m` sees exactly the exposed names. */
function asModule(exports: Record<string, unknown>): Readonly<Record<string, unknown>> {
  Object.defineProperty(exports, '__esModule', { value: true });
  return Object.freeze(exports);
}

/** The export name once a page imported the module, else the function's own name, else `call`. */
export function webMethodName(wrapper: object, fn: { readonly name: string }): string {
  return webMethodNames.get(wrapper) ?? (fn.name !== '' ? fn.name : 'call');
}

// ---- legacy .jsw modules ------------------------------------------------------------------------------------------

export interface JswInvocation {
  /** As page code imports it and permissions.json names it: `backend/inbox.jsw`. */
  readonly modulePath: string;
  readonly functionName: string;
  readonly args: readonly unknown[];
  /** The parsed `src/backend/permissions.json`. */
  readonly permissions: JswPermissions;
  /** The module's exports (the caller imports it; no dynamic loading here). */
  readonly module: Readonly<Record<string, unknown>>;
}

/**
 * What page code gets from `import … from 'backend/x.jsw'`: every exported function, each call going through
 * `invokeJsw` with the site's permissions.json.
 */
export function exposeJswModule(
  site: Site,
  modulePath: string,
  moduleExports: Readonly<Record<string, unknown>>,
  permissions: JswPermissions,
): Readonly<Record<string, unknown>> {
  const exposed: Record<string, unknown> = {};
  for (const [functionName, value] of Object.entries(moduleExports)) {
    if (typeof value !== 'function') continue;
    exposed[functionName] = (...args: unknown[]) =>
      invokeJsw(site, { modulePath, functionName, args, permissions, module: moduleExports });
  }
  return asModule(exposed);
}

/** A page calling an exported function of a `.jsw` module: permissions.json decides, then the same wire rules apply. */
export function invokeJsw(site: Site, invocation: JswInvocation): Promise<unknown> {
  const { modulePath, functionName } = invocation;
  if (!/^backend\/.+\.jsw$/.test(modulePath)) {
    return Promise.reject(new TypeError(`invokeJsw: modulePath must look like 'backend/<name>.jsw', got '${modulePath}'`));
  }
  const fn = invocation.module[functionName];
  if (typeof fn !== 'function') {
    return Promise.reject(new TypeError(`invokeJsw: ${modulePath} exports no function '${functionName}'`));
  }
  return callBackend(site, {
    operation: `jsw.${functionName}`,
    args: invocation.args,
    allows: (caller) => jswPermissionAllows(invocation.permissions, modulePath, functionName, caller),
    forbiddenMessage: `Forbidden: the site visitor may not invoke ${functionName} of ${modulePath} (permissions.json)`,
    fn: fn as (...args: unknown[]) => unknown,
  });
}

// The ambient `declare module 'wix-web-module'` sits next to this shim; tsc drops a .d.ts that shares a .ts file's base
// name from its include globs, so this reference is what puts it in the program.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- an ambient script declaration has no import form
/// <reference path="./wix-web-module.d.ts" />
import type * as Official from '@wix/web-methods';
import { Permissions } from '@wix/web-methods';
import { activeSite } from '../kernel/active-site';
import { callBackend, registerWebMethod, webMethodName, webPermissionAllows } from '../kernel/rpc';

/**
 * `webMethod(permission, fn)` returns what page code gets from `import { fn } from 'backend/x.web'`: a call across the
 * page→backend boundary (permission of the session's caller, JSON arguments and result, message-only errors), see
 * src/kernel/rpc.ts. Backend code calling a web method directly crosses the same boundary here (stricter: on Wix
 * that is a plain function call). `options.cache` is accepted and ignored: the emulator never caches results.
 */
export const webMethod: typeof Official.webMethod = <Args extends unknown[], Return>(
  permission: Official.Permissions,
  method: (...args: Args) => Return,
) => {
  const name = () => webMethodName(wrapper, method);
  const wrapper = (...args: Args) =>
    callBackend(activeSite(), {
      operation: `webMethod.${name()}`,
      args,
      allows: (caller) => webPermissionAllows(permission, caller),
      forbiddenMessage: `Forbidden: the site visitor may not call ${name()} (requires ${permission})`,
      fn: method as (...args: unknown[]) => unknown,
    }) as ReturnType<ReturnType<typeof Official.webMethod<Args, Return>>>;
  registerWebMethod(wrapper, permission);
  return wrapper;
};

/** The official enum object itself (values equal names: 'Anyone' | 'SiteMember' | 'Admin'). */
export { Permissions };

// tsc drops a .d.ts that shares a .ts file's base name from its include globs; this reference puts it in the program.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- an ambient script declaration has no import form
/// <reference path="./wix-auth.d.ts" />
import type * as WixAuth from 'wix-auth';
import { runElevated } from '../kernel/caller';
import { currentPage } from '../kernel/rpc';

/**
 * `elevate(fn)`: the returned function runs `fn` inside `runElevated` — same caller, admin-level APIs allowed for
 * everything `fn` awaits (the elevation follows the async call, not a global flag). Backend only, as on Wix: calling
 * an elevated function from page code throws.
 */
export const elevate: typeof WixAuth.elevate = (sourceFunction) => {
  const elevated = function (this: unknown, ...args: Parameters<typeof sourceFunction>) {
    if (currentPage() !== undefined) throw new Error('wix-auth elevate() is available in backend code only, not in page code.');
    return runElevated(() => Reflect.apply(sourceFunction, this, args));
  };
  return elevated as typeof sourceFunction;
};

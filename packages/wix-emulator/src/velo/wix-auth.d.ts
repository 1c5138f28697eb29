/** `wix-auth` (Velo, backend only). corvid-types has no declaration for it; shape from the Velo reference. */
declare module 'wix-auth' {
  /**
   * Returns a function with the same signature that runs `sourceFunction` with elevated permissions: admin-level APIs
   * it calls are allowed. The caller's identity does not change.
   */
  export function elevate<F extends (...args: never[]) => unknown>(sourceFunction: F): F;
}

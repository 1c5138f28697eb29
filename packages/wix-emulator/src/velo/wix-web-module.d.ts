/**
 * `wix-web-module` as site code imports it. No package declares the Velo module name; @wix/web-methods is the same
 * API under its SDK name (Permissions enum + webMethod), so the Velo name re-exports its declarations unchanged.
 */
declare module 'wix-web-module' {
  export { Permissions, webMethod } from '@wix/web-methods';
}

/**
 * The `$w` page runtime: loads a page module as Wix runs it, against an emulated site, and lets a test (or the local
 * UI) click, type and submit on it. Apart from the main entry because it pulls in the swc compiler.
 */
export { loadPage } from './load-page';
export type { ElementSpec, ElementView, FormOutcome, LoadedPage, LoadPageOptions } from './load-page';

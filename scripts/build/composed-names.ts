/** The names and marks the build gives a site handler it composes with velo-inbox's. */

/**
 * Put in place of `export` on a site handler the build composes with velo-inbox's (its name gets `site_` in front): how
 * the reader learns why, and how the next build recognises it and restores it before composing again.
 */
export const COMPOSED_MARK = "/* velo-inbox: your handler, renamed; the velo-inbox block's export runs it first */";

/**
 * What earlier builds put in place of `export` (keeping the name) while their block exported an uncalled
 * `export { veloInbox_X as X }`. Such a site is migrated: `export` comes back, then it is composed as today.
 */
export const OLD_COMPOSED_MARK = "/* velo-inbox: exported below, run before velo-inbox's handler */";

/** The local name a composed site handler gets. */
export const siteHandlerName = (name: string) => `site_${name}`;

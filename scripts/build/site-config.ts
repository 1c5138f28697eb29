import type { FileChange } from './plan';

/**
 * The site's own settings (docs/decisions/0022-owner-controls.md). velo-inbox's example — every default written out
 * and commented — is copied once, when the site has no such file; after that the file is the site's: no build replaces,
 * merges into or removes it, so an upgrade never touches a site's choices (settings added later take their defaults).
 */
export const SITE_CONFIG = 'src/backend/inbox.config.js';

export function siteConfigChanges(example: string | undefined, existing: string | undefined): { changes: FileChange[]; notes: string[] } {
  // A project without settings of its own (a bare fixture) has nothing to give.
  if (example === undefined) return { changes: [], notes: [] };
  if (existing !== undefined) return { changes: [], notes: [`${SITE_CONFIG} is the site's: kept as it is.`] };
  return {
    changes: [{ kind: 'write', path: SITE_CONFIG, content: example, why: 'the site\'s settings, every default written out: yours from now on, never rewritten' }],
    notes: [`${SITE_CONFIG} written with every default: edit it (switches, wording, delays, limits); builds never change it again.`],
  };
}

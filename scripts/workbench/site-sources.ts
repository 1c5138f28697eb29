import { join } from 'node:path';

/** velo-inbox's own sources: the tree its `src/` is in, where Velo names resolve for scripts that run them. */
export const SITE_SOURCES = join(__dirname, '..', '..');

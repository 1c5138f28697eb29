import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REQUIRED_COLLECTIONS } from '../../src/backend/wix/collections';
import { ADMIN_ONLY } from '../workbench/admin-only';
import { CONTACT_PAGE } from '../workbench/contact-page';

/** What velo-inbox adds to a site repo's wix-emulator.json (wix-emulator's README: "What a repo does not hold"). */
export interface EmulatorEntries {
  readonly collections: Readonly<Record<string, unknown>>;
  readonly pages: Readonly<Record<string, unknown>>;
}

/** The page code that wires velo-inbox's contact-form helper: a contact page, whatever the site calls it. */
const CONTACT_HELPER_IMPORT = "from 'public/inbox/contact-form'";

/**
 * velo-inbox's entries for the emulator: the collections its backend needs, admin-only as the README tells site owners
 * to create them in the CMS, and each contact page with the elements the helper uses. In the standalone site that is
 * its own contact page (when the project built has it); in a site repo, every page of the site whose code imports the
 * helper (none yet: no page entry).
 */
export function emulatorEntries(root: string, target: string, mode: 'site' | 'standalone'): EmulatorEntries {
  const adminOnly = { permissions: ADMIN_ONLY };
  const collections = Object.fromEntries(REQUIRED_COLLECTIONS.map((name) => [name, adminOnly]));
  const shipped = CONTACT_PAGE.modulePath.replace(/\.ts$/, '.js');
  const modules = mode === 'site' ? contactPagesOf(target) : existsSync(join(root, CONTACT_PAGE.modulePath)) ? [shipped] : [];
  const entry = (module: string) => ({
    module,
    ...(CONTACT_PAGE.caption === undefined ? {} : { caption: CONTACT_PAGE.caption }),
    elements: CONTACT_PAGE.elements,
    ...(CONTACT_PAGE.formFields === undefined ? {} : { formFields: CONTACT_PAGE.formFields }),
  });
  const pages = Object.fromEntries(modules.map((module, i) => [i === 0 ? CONTACT_PAGE.title : `${CONTACT_PAGE.title} (${module})`, entry(module)]));
  return { collections, pages };
}

function contactPagesOf(target: string): string[] {
  const dir = join(target, 'src', 'pages');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.js') && readFileSync(join(dir, name), 'utf8').includes(CONTACT_HELPER_IMPORT))
    .sort()
    .map((name) => `src/pages/${name}`);
}

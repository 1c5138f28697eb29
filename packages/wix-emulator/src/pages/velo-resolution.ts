import { existsSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';

/** The emulator's Velo module shims (this file is src/pages/velo-resolution.ts). */
const VELO_DIR = join(__dirname, '..', 'velo');

/**
 * Where a Velo import specifier lives locally: `backend/…` and `public/…` in the site's `src/` (`siteRoot`, a tree of
 * the site's sources), a Velo module name in this emulator's shim
 * `src/velo/<name>.ts` (when one exists). Undefined for anything else (relative paths, npm packages).
 * The same mapping as jest.config.js `moduleNameMapper`, derived from the shim files instead of a list.
 */
export function veloModulePath(siteRoot: string, specifier: string): string | undefined {
  if (specifier.startsWith('backend/') || specifier.startsWith('public/')) return join(siteRoot, 'src', specifier);
  if (/^wix-[a-z0-9-]+(\.v\d+)?$/.test(specifier)) {
    const shim = join(VELO_DIR, `${specifier}.ts`);
    return existsSync(shim) ? shim : undefined;
  }
  return undefined;
}

/**
 * The SDK host modules page code may import, and the emulator's shim of each (`src/velo/host-modules/`). Page
 * code only: a host module talks to the page it runs on, so the page runtime (page-module.ts) resolves these for page
 * imports, while backend code and tests that import the name get the real package.
 */
const HOST_MODULE_SHIMS: Readonly<Record<string, string>> = {
  '@wix/site': 'site.ts',
  '@wix/site-members': 'site-members.ts',
};

/** The emulator's shim of an SDK host module page code imports (`@wix/site`, …); undefined for any other name. */
export function hostModulePath(specifier: string): string | undefined {
  const shim = Object.hasOwn(HOST_MODULE_SHIMS, specifier) ? HOST_MODULE_SHIMS[specifier] : undefined;
  return shim === undefined ? undefined : join(VELO_DIR, 'host-modules', shim);
}

type ResolveFilename = (request: string, parent: unknown, ...rest: unknown[]) => string;
let installedFor: string | undefined;

/**
 * Outside jest (tsx scripts that import a site's TypeScript sources) nothing maps Velo names, so Node's resolver is
 * taught the same mapping, for the site tree at `siteRoot`. Jest resolves through its own registry and never reaches
 * this hook. Idempotent for one site; Node has one resolver, so a second site tree in the same process is refused.
 */
export function installVeloResolution(siteRoot: string): void {
  // Under jest this module is re-evaluated per test file: patching Node's resolver each time would stack wrappers.
  if (process.env.JEST_WORKER_ID !== undefined) return;
  if (installedFor !== undefined) {
    if (installedFor === siteRoot) return;
    throw new Error(`Velo names already resolve to ${installedFor}; one site's sources per process (asked for ${siteRoot}).`);
  }
  const loader = Module as unknown as { _resolveFilename: ResolveFilename };
  const original = loader._resolveFilename;
  loader._resolveFilename = function resolveVelo(this: unknown, request, parent, ...rest) {
    return original.call(this, veloModulePath(siteRoot, request) ?? request, parent, ...rest);
  };
  installedFor = siteRoot;
}

import { existsSync, readFileSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { SiteRepoError } from './errors';

/** Where one import of site code leads. */
export type ResolvedImport =
  | { readonly kind: 'site'; readonly file: string; readonly specifier: string }
  | { readonly kind: 'velo'; readonly path: string }
  | { readonly kind: 'host'; readonly path: string }
  | { readonly kind: 'package'; readonly path: string }
  | { readonly kind: 'builtin'; readonly name: string };

/** The emulator's shims: one per Velo module (`src/velo/<name>.ts`), and the SDK host modules page code may use. */
const VELO_DIR = join(__dirname, '..', 'velo');
const HOST_MODULES: Readonly<Record<string, string>> = { '@wix/site': 'site.ts', '@wix/site-members': 'site-members.ts' };

/** Velo modules page code may not import: backend-only APIs. */
export function isBackendOnlyVeloModule(name: string): boolean {
  return /-backend$/.test(name) || ['wix-auth', 'wix-web-module', 'wix-inbox.v2'].includes(name);
}

/** The packages the site's package.json lists under `dependencies` (what `wix install` installs for the site). */
export function listedPackages(root: string): ReadonlySet<string> {
  const file = join(root, 'package.json');
  if (!existsSync(file)) return new Set();
  const { dependencies } = JSON.parse(readFileSync(file, 'utf8')) as { dependencies?: Record<string, string> };
  return new Set(Object.keys(dependencies ?? {}));
}

export interface ResolveContext {
  readonly root: string;
  readonly packages: ReadonlySet<string>;
  /** Page code (frontend) or backend code: host modules are page-only, Node's built-ins backend-only. */
  readonly side: 'page' | 'backend';
}

/**
 * One import of a shipped site file, resolved as Wix resolves it (README.md, "Wix's loader rules"):
 * `backend/…` and `public/…` in the site's `src/`; a Velo module name to the emulator's shim; an npm package only when
 * the site's package.json lists it (the site's node_modules first, else the emulator's own copy). Anything else fails
 * with the module and the importing file named — never a silent stub.
 */
export function resolveImport(context: ResolveContext, specifier: string, importer: string): ResolvedImport {
  const from = relative(context.root, importer).split('\\').join('/');
  if (specifier.startsWith('backend/') || specifier.startsWith('public/')) {
    return { kind: 'site', file: siteFile(context.root, specifier, from), specifier };
  }
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    throw new SiteRepoError(
      'RELATIVE_IMPORT',
      `${from}: imports '${specifier}'; Wix site code imports its own files as 'backend/<file>' or 'public/<file>' (the emulator does not resolve relative paths)`,
    );
  }
  if (/^wix-[a-z0-9-]+(\.v\d+)?$/.test(specifier)) {
    const shim = join(VELO_DIR, `${specifier}.ts`);
    if (!existsSync(shim)) throw new SiteRepoError('MODULE_NOT_PROVIDED', `${from}: imports Velo module '${specifier}', which the emulator does not provide`);
    if (context.side === 'page' && isBackendOnlyVeloModule(specifier)) {
      throw new SiteRepoError('BACKEND_ONLY_MODULE', `${from}: imports '${specifier}', a backend-only module; page code cannot import it`);
    }
    return { kind: 'velo', path: shim };
  }
  const host = Object.hasOwn(HOST_MODULES, specifier) ? HOST_MODULES[specifier] : undefined;
  if (host !== undefined && context.side === 'page') return { kind: 'host', path: join(VELO_DIR, 'host-modules', host) };
  const bare = specifier.replace(/^node:/, '');
  if (context.side === 'backend' && (specifier.startsWith('node:') || builtinModules.includes(bare.split('/')[0] ?? bare))) {
    return { kind: 'builtin', name: specifier };
  }
  const name = packageName(specifier);
  if (!context.packages.has(name)) {
    throw new SiteRepoError('PACKAGE_NOT_LISTED', `${from}: imports npm package '${specifier}', which the site's package.json does not list under dependencies`);
  }
  return { kind: 'package', path: resolvePackage(context.root, specifier, from) };
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function resolvePackage(root: string, specifier: string, from: string): string {
  for (const base of [join(root, 'package.json'), __filename]) {
    try {
      return createRequire(base).resolve(specifier);
    } catch {
      // Not installed there: try the emulator's own copy next.
    }
  }
  throw new SiteRepoError('MODULE_NOT_PROVIDED', `${from}: imports npm package '${specifier}', installed neither in the site's node_modules nor the emulator's`);
}

/** `backend/orders.web` → `src/backend/orders.web.js`; `.jsw` web modules too. */
function siteFile(root: string, specifier: string, from: string): string {
  const base = join(root, 'src', specifier);
  const found = [base, `${base}.js`, `${base}.jsw`].find((candidate) => /\.(js|jsw)$/.test(candidate) && existsSync(candidate) && statSync(candidate).isFile());
  if (!found) throw new SiteRepoError('MODULE_NOT_FOUND', `${from}: imports '${specifier}', but the site has no src/${specifier}(.js|.jsw)`);
  return found;
}

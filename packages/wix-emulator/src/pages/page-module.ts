import { transformSync } from '@swc/core';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { exposeJswModule, exposeWebModule, type JswPermissions } from '../kernel/rpc';
import type { Site } from '../site';
import type { DollarW } from './page-scope';
import { hostModulePath, veloModulePath } from './velo-resolution';

export interface PageModuleOptions {
  /** Absolute path of the page's TypeScript source. */
  readonly file: string;
  readonly root: string;
  readonly site: Site;
  readonly $w: DollarW;
  readonly permissions: JswPermissions;
  /** Frontend modules (`public/…`) this page already evaluated, by file: one instance per page, as in a browser. */
  readonly frontendModules?: Map<string, Record<string, unknown>>;
}

/** Velo modules page code cannot import: backend-only APIs (`elevate`, web-method definitions, admin modules). */
function isBackendOnly(specifier: string): boolean {
  return /-backend$/.test(specifier) || ['wix-auth', 'wix-web-module', 'wix-inbox.v2'].includes(specifier);
}

/**
 * Evaluates a page module afresh and returns its exports.
 *
 * Why not `require(page)`: a page's module body registers its handlers (`$w.onReady(…)`), so each `loadPage` must run
 * it again, with its own `$w` — a module registry would hand back the first, cached evaluation (and jest offers no
 * way to evict one module without isolating the shared emulator too). So the page source is compiled here (swc, as
 * jest.config.js does) and run in a CommonJS-style wrapper whose `$w` parameter is this page's own. Everything the
 * page imports is loaded through the ordinary `require` of this file — jest's registry in tests, Node's (with tsx and
 * velo-resolution) in scripts — so the page shares backend modules and the emulator with the rest of the process.
 */
export function evaluatePageModule(options: PageModuleOptions): Record<string, unknown> {
  const { file } = options;
  const frontendModules = options.frontendModules ?? new Map<string, Record<string, unknown>>();
  const cached = frontendModules.get(file);
  if (cached) return cached;
  const { code } = transformSync(readFileSync(file, 'utf8'), {
    filename: file,
    swcrc: false,
    configFile: false,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  const module = { exports: {} as Record<string, unknown> };
  frontendModules.set(file, module.exports);
  const factory = new Function('exports', 'require', 'module', '__filename', '__dirname', '$w', `${code}\n//# sourceURL=${file}`);
  const own = { ...options, frontendModules };
  factory(module.exports, (specifier: string) => importFromPage(own, specifier), module, file, dirname(file), options.$w);
  return module.exports;
}

/** One `import` of page code, with the frontend's rules: web modules only from backend/, no backend-only modules. */
function importFromPage(options: PageModuleOptions, specifier: string): unknown {
  const { file, root, site } = options;
  const page = relative(root, file);
  // Public code runs on the page too: its imports follow the same frontend rules (a web method it calls is an RPC).
  if (specifier.startsWith('public/')) return evaluatePageModule({ ...options, file: sourceFile(veloModulePath(root, specifier) as string) });
  if (specifier.startsWith('./') || specifier.startsWith('../')) {
    const target = resolve(dirname(file), specifier);
    return target.startsWith(resolve(root, 'src', 'public')) ? evaluatePageModule({ ...options, file: sourceFile(target) }) : load(target);
  }
  if (specifier.startsWith('backend/')) {
    const path = veloModulePath(root, specifier) as string;
    if (specifier.endsWith('.web')) return exposeWebModule(load(path) as Record<string, unknown>);
    if (specifier.endsWith('.jsw')) return exposeJswModule(site, specifier, load(path) as Record<string, unknown>, options.permissions);
    throw new Error(`${page}: page code can import only web modules from backend/ ('backend/<name>.web' or '.jsw'), not '${specifier}'.`);
  }
  if (isBackendOnly(specifier)) throw new Error(`${page}: '${specifier}' is a backend-only module; page code cannot import it.`);
  const hostModule = hostModulePath(specifier);
  if (hostModule !== undefined) return load(hostModule);
  if (specifier.startsWith('@wix/site')) {
    throw new Error(`${page}: SDK host module '${specifier}' is not emulated (no shim in wix-emulator's src/velo/host-modules/).`);
  }
  const mapped = veloModulePath(root, specifier);
  if (specifier.startsWith('wix-') && mapped === undefined) {
    throw new Error(`${page}: Velo module '${specifier}' is not emulated (no shim src/velo/${specifier}.ts in wix-emulator).`);
  }
  return load(mapped ?? specifier);
}

/** A module path as imported (no extension) → its file: TypeScript source here, JavaScript in a built site. */
function sourceFile(path: string): string {
  const found = [path, `${path}.ts`, `${path}.js`].find((candidate) => /\.[jt]s$/.test(candidate) && existsSync(candidate));
  if (!found) throw new Error(`No frontend module at ${path} (.ts or .js)`);
  return found;
}

/** This file's own `require`: jest's module registry under jest, Node's (tsx-hooked) in scripts. */
function load(path: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the page's imports resolve at run time, by design
  return require(path);
}

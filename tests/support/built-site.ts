import { transformSync } from '@swc/core';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Loads a backend module of a built site tree (JavaScript, as Wix would run it) against the emulator: `backend/…` and
 * `public/…` resolve inside that tree, Velo module names (`wix-data`, …) to the emulator's shims through jest's module
 * registry (so they talk to the site the test made active), npm packages from node_modules. Nothing of the project's
 * TypeScript sources is used: what runs is exactly what the build wrote. A dynamic `import('backend/…')` resolves the
 * same way (swc turns it into a promise of the same require), so a module that fails to load rejects that promise.
 */
export function loadBuiltModule(siteRoot: string, specifier: string): Record<string, unknown> {
  const cache = new Map<string, Loaded>();
  return loadFile(siteRoot, sitePath(siteRoot, specifier), cache);
}

function sitePath(siteRoot: string, specifier: string): string {
  const base = join(siteRoot, 'src', specifier);
  const found = [`${base}.js`, `${base}.jsw`, base].find((candidate) => /\.(js|jsw)$/.test(candidate) && existsSync(candidate));
  if (!found) throw new Error(`The built site has no module '${specifier}' (looked for ${base}.js and .jsw)`);
  return found;
}

class LoadFailure {
  constructor(readonly error: unknown) {}
}
type Loaded = Record<string, unknown> | LoadFailure;

function loadFile(siteRoot: string, file: string, cache: Map<string, Loaded>): Record<string, unknown> {
  const cached = cache.get(file);
  // As in ES modules, a module whose evaluation threw stays failed: every later import gets the same error.
  if (cached instanceof LoadFailure) throw cached.error;
  if (cached) return cached;
  const { code } = transformSync(readFileSync(file, 'utf8'), {
    filename: file.replace(/\.jsw$/, '.js'),
    swcrc: false,
    configFile: false,
    jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  const module = { exports: {} as Record<string, unknown> };
  cache.set(file, module.exports);
  const requireFromSite = (specifier: string): unknown => {
    if (specifier.startsWith('backend/') || specifier.startsWith('public/')) return loadFile(siteRoot, sitePath(siteRoot, specifier), cache);
    if (specifier.startsWith('.')) throw new Error(`${file}: relative import '${specifier}' (Wix wants backend/… or public/…)`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- Velo names map to the emulator via jest's moduleNameMapper
    return require(specifier);
  };
  try {
    new Function('exports', 'require', 'module', '__filename', '__dirname', code)(module.exports, requireFromSite, module, file, dirname(file));
  } catch (error) {
    cache.set(file, new LoadFailure(error));
    throw error;
  }
  return module.exports;
}

import { BuildStop } from './plan';
import { importSpecifiers } from './transpile';

/** Velo's own module names (`wix-data`, `wix-inbox.v2`, …): provided by Wix, never installed. */
export function isVeloModule(specifier: string): boolean {
  return /^wix-[a-z0-9-]+(\.v\d+)?$/.test(specifier);
}

export function isSitePath(specifier: string): boolean {
  return specifier.startsWith('backend/') || specifier.startsWith('public/');
}

/** `@wix/data/collections` → `@wix/data`; `zod/v4` → `zod`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/**
 * The npm packages the emitted files import, with the version range this project uses (its `dependencies`, else its
 * `devDependencies`: a package the SDK adapters import is a dev dependency here and a runtime dependency on a site).
 * Derived from the emitted code, so the site gets exactly what the shipped modules load, whichever adapters they use.
 */
export function runtimeDependencies(
  files: ReadonlyMap<string, string>,
  projectPackage: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> },
): Record<string, string> {
  const needed = new Map<string, string>();
  const missing: string[] = [];
  for (const [path, content] of files) {
    if (!/\.(js|jsw)$/.test(path)) continue;
    for (const specifier of importSpecifiers(content)) {
      if (isVeloModule(specifier) || isSitePath(specifier) || specifier.startsWith('.')) continue;
      const name = packageName(specifier);
      const range = projectPackage.dependencies?.[name] ?? projectPackage.devDependencies?.[name];
      if (range === undefined) missing.push(`${path} imports ${specifier}`);
      else needed.set(name, range);
    }
  }
  if (missing.length > 0) throw new BuildStop(`Imports of packages velo-inbox's package.json does not list:\n  ${missing.join('\n  ')}`);
  return Object.fromEntries([...needed].sort(([a], [b]) => a.localeCompare(b)));
}

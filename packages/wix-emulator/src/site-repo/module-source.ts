import { transformSync } from '@swc/core';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SiteRepoError } from './errors';

/** What a site module is evaluated with besides CommonJS's own names: the time globals, and `$w` for page code. */
export type ModuleGlobals = Readonly<Record<string, unknown>>;

export type SiteRequire = (specifier: string) => unknown;

/**
 * Compiles one shipped JavaScript file (ES modules, as Wix runs them) to CommonJS with swc — the same compiler jest
 * and the page runtime use — and evaluates it in a wrapper: `require` is the loader's (Wix's import rules), and the
 * `globals` (the site's `Date`, its `$w`) shadow the process's own. A dynamic `import('backend/x')` becomes
 * `Promise.resolve().then(() => require('backend/x'))`, so it follows the same rules and shares the same instances.
 * Not a module registry: the caller keeps the exports it wants shared (backend: one instance per site; page code:
 * one per page). `shown` is the file as errors name it (repo-relative, like every other loader message); stack traces
 * keep the absolute `file`, which editors and debuggers open.
 */
export function evaluateModule(file: string, shown: string, requireFromFile: SiteRequire, globals: ModuleGlobals, exports: Record<string, unknown> = {}): Record<string, unknown> {
  const code = compile(file, shown);
  const module = { exports };
  const names = Object.keys(globals);
  const factory = new Function('exports', 'require', 'module', '__filename', '__dirname', ...names, `${code}\n//# sourceURL=${file}`);
  factory(module.exports, requireFromFile, module, file, dirname(file), ...names.map((name) => globals[name]));
  return module.exports;
}

/** The file as CommonJS; a file that does not parse is a typed error naming it (Wix would not load it either). */
function compile(file: string, shown: string): string {
  try {
    return transformSync(readFileSync(file, 'utf8'), {
      filename: file.replace(/\.jsw$/, '.js'),
      swcrc: false,
      configFile: false,
      jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    }).code;
  } catch (error) {
    // swc's message: "  x <what>\n   ,-[<file>:<line>:<column>]\n …": keep what and where.
    const text = error instanceof Error ? error.message : String(error);
    const what = /x (.+)/.exec(text)?.[1]?.trim() ?? text.split('\n')[0];
    const where = /,-\[(?:.*):(\d+):(\d+)\]/.exec(text);
    throw new SiteRepoError('NOT_VALID_JAVASCRIPT', `${shown}${where ? `:${where[1]}:${where[2]}` : ''}: not valid JavaScript (${what})`);
  }
}

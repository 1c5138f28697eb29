import { isDeepStrictEqual } from 'node:util';
import { BuildStop } from './plan';

type Json = Record<string, unknown>;

/** The indentation a JSON file already uses (so a merged file keeps its look), two spaces by default. */
function indentOf(text: string | undefined): string | number {
  const match = text === undefined ? null : /\n([ \t]+)"/.exec(text);
  return match?.[1] ?? 2;
}

function parse(text: string, file: string, fix: string): Json {
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Json;
  } catch {
    // fall through: the same advice either way
  }
  throw new BuildStop(`${file} is not a plain JSON object (comments or a syntax error?), so the build will not rewrite it. ${fix}`);
}

function serialise(value: Json, previous: string | undefined): string {
  return `${JSON.stringify(value, null, indentOf(previous))}\n`;
}

export interface Job {
  readonly functionLocation: string;
  readonly functionName: string;
  readonly [key: string]: unknown;
}

/**
 * The site's jobs.config with velo-inbox's jobs in it: the site's own jobs kept as they are, velo-inbox's (recognised by
 * function location and name) replaced by the current definition. Unchanged text when nothing differs.
 */
export function mergeJobs(current: string | undefined, ours: readonly Job[], file = 'src/backend/jobs.config'): string {
  const exactLines = JSON.stringify(ours, null, 2);
  const config = current === undefined ? { jobs: [] } : parse(current, file, `Add these entries to its "jobs" list yourself:\n${exactLines}`);
  if (config.jobs !== undefined && !Array.isArray(config.jobs)) {
    throw new BuildStop(`${file}: "jobs" is not a list. Add these entries to it yourself:\n${exactLines}`);
  }
  const jobs = (config.jobs ?? []) as Job[];
  const isOurs = (job: Job) => ours.some((o) => o.functionLocation === job?.functionLocation && o.functionName === job?.functionName);
  const merged = [...jobs.filter((job) => !isOurs(job)), ...ours];
  const sameSet = merged.length === jobs.length && ours.every((o) => jobs.some((j) => isDeepStrictEqual(j, o)));
  if (current !== undefined && sameSet) return current;
  return serialise({ ...config, jobs: merged }, current);
}

/**
 * permissions.json with an explicit entry for velo-inbox's legacy module only. Never a catch-all (`"*"`) rule: it
 * would change the permissions of every other .jsw of the site (Wix's default for a .jsw function is Anyone).
 */
export function mergePermissions(current: string | undefined, module: string, entry: Json, file = 'src/backend/permissions.json'): string {
  const exactLines = JSON.stringify({ [module]: entry }, null, 2);
  const config = current === undefined ? {} : parse(current, file, `Add this to its "web-methods" yourself:\n${exactLines}`);
  const methods = (config['web-methods'] ?? {}) as Json;
  if (typeof methods !== 'object' || Array.isArray(methods)) throw new BuildStop(`${file}: "web-methods" is not an object. Add this to it yourself:\n${exactLines}`);
  if (current !== undefined && isDeepStrictEqual(methods[module], entry)) return current;
  return serialise({ ...config, 'web-methods': { ...methods, [module]: entry } }, current);
}

export interface DependencyMerge {
  readonly text: string;
  /** Packages added to `dependencies`. */
  readonly added: readonly string[];
  /** Packages the site already lists with another version range: the site's range is kept. */
  readonly keptSiteVersion: readonly { name: string; site: string; ours: string }[];
}

/**
 * The site's package.json with every runtime package velo-inbox's code imports listed in `dependencies` (what Wix CLI
 * reads: `wix install` installs them and writes wix.lock; deploys upload package.json and wix.lock together). Every
 * other field and entry of the site's is kept; a package the site already depends on keeps the site's version range.
 */
export function mergeDependencies(current: string | undefined, needed: Readonly<Record<string, string>>, fresh: Json): DependencyMerge {
  const pkg = current === undefined ? fresh : parse(current, 'package.json', `Add to its "dependencies": ${JSON.stringify(needed)}`);
  const deps = (pkg.dependencies ?? {}) as Record<string, string>;
  const added = Object.keys(needed).filter((name) => deps[name] === undefined).sort();
  const keptSiteVersion = Object.entries(needed)
    .filter(([name, range]) => deps[name] !== undefined && deps[name] !== range)
    .map(([name, ours]) => ({ name, site: deps[name] as string, ours }));
  if (current !== undefined && added.length === 0) return { text: current, added, keptSiteVersion };
  const dependencies = { ...deps, ...Object.fromEntries(added.map((name) => [name, needed[name] as string])) };
  return { text: serialise({ ...pkg, dependencies }, current), added, keptSiteVersion };
}

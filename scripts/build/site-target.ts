import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, posix, sep } from 'node:path';
import { jsonSyntaxError } from './json-merges';
import { BuildStop } from './plan';

/** A file only velo-inbox's own project has: a folder holding it is velo-inbox, not a site to build into. */
const OWN_SOURCE_MARK = 'src/backend/inbox-events.ts';

/**
 * Refuses a target that is (or contains, or sits inside the sources of) velo-inbox itself: `--site .` in this repo
 * would merge velo-inbox into its own events and write JavaScript beside its TypeScript.
 */
export function assertNotOwnSources(root: string, target: string): void {
  const real = (path: string) => (existsSync(path) ? realpathSync(path) : path);
  const [r, t] = [real(root), real(target)];
  const inside = (child: string, parent: string) => child === parent || child.startsWith(parent + sep);
  if (inside(r, t) || inside(t, join(r, 'src')) || existsSync(join(t, OWN_SOURCE_MARK))) {
    throw new BuildStop(`${target} holds velo-inbox's own sources; --site takes a clone of your Wix site's repo (for example ../my-site), never velo-inbox itself.`);
  }
}

export interface WixConfig {
  readonly siteId: string;
  readonly uiVersion: unknown;
}

/** The target's wix.config.json, which marks a Wix site repo: missing, unreadable or incomplete stops the build. */
export function readWixConfig(target: string): WixConfig {
  const file = join(target, 'wix.config.json');
  if (!existsSync(file)) throw new BuildStop(`${target} has no wix.config.json: build into a clone of your Wix site's GitHub repo (Git Integration).`);
  const text = readFileSync(file, 'utf8');
  const error = jsonSyntaxError(text, { comments: false });
  if (error) throw new BuildStop(`${target}/wix.config.json is not valid JSON (${error}). Fix it (Wix CLI writes {"siteId": "…", "uiVersion": "…"}), then build again.`);
  const { siteId, uiVersion } = (JSON.parse(text) ?? {}) as { siteId?: unknown; uiVersion?: unknown };
  if (typeof siteId !== 'string' || uiVersion === undefined) throw new BuildStop(`${target}/wix.config.json names no siteId or uiVersion: is this a Wix site repo?`);
  return { siteId, uiVersion };
}

/**
 * The target's uncommitted changes (`git status --porcelain` lines), shown before the build writes so its owner can
 * tell their own edits from velo-inbox's; undefined when the target is not a git work tree.
 */
export function uncommittedChanges(target: string): string[] | undefined {
  const inside = spawnSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: target, encoding: 'utf8' });
  if (inside.status !== 0 || inside.stdout.trim() !== 'true') return undefined;
  const status = spawnSync('git', ['status', '--porcelain'], { cwd: target, encoding: 'utf8' });
  if (status.status !== 0) return undefined;
  return status.stdout.split('\n').filter((line) => line.trim() !== '');
}

/**
 * Reads a module of the site as events.js names it (`backend/x`, `public/x`, `./x`): the text of the file Wix would
 * load, or undefined for anything that is not a file of the site (an npm package, a Velo module).
 */
export function siteModuleReader(target: string, fromFile: string): (specifier: string) => string | undefined {
  return (specifier) => {
    let rel: string;
    if (specifier.startsWith('backend/') || specifier.startsWith('public/')) rel = `src/${specifier}`;
    else if (specifier.startsWith('./') || specifier.startsWith('../')) rel = posix.normalize(posix.join(posix.dirname(fromFile), specifier));
    else return undefined;
    for (const candidate of [rel, `${rel}.js`, `${rel}.jsw`]) {
      const file = join(target, candidate);
      if (/\.(js|jsw)$/.test(candidate) && existsSync(file) && statSync(file).isFile()) return readFileSync(file, 'utf8');
    }
    return undefined;
  };
}

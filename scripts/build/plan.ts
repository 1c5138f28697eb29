import { accessSync, constants, existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** One file the build would write or remove, relative to the target directory (`/`-separated). */
export type FileChange =
  | { readonly kind: 'write'; readonly path: string; readonly content: string; readonly why: string }
  | { readonly kind: 'delete'; readonly path: string; readonly why: string };

/** What a change does to the target as it is now: `create`, `update`, `delete`, or `unchanged` (already so). */
export type ChangeEffect = 'create' | 'update' | 'delete' | 'unchanged';

export function effectOf(target: string, change: FileChange): ChangeEffect {
  const file = join(target, change.path);
  if (change.kind === 'delete') return existsSync(file) ? 'delete' : 'unchanged';
  if (!existsSync(file)) return 'create';
  return readFileSync(file, 'utf8') === change.content ? 'unchanged' : 'update';
}

/**
 * Every path the build would touch, checked before anything is written: no symbolic link on the way (a linked file
 * would be written outside what the build owns), nothing resolving outside the target, a folder where a folder is
 * needed, and write permission. One BuildStop lists every problem.
 */
export function assertWritable(target: string, changes: readonly FileChange[]): void {
  if (!existsSync(target)) return; // a new standalone output folder: everything in it will be the build's
  const root = realpathSync(target);
  const problems: string[] = [];
  for (const change of changes) {
    const problem = pathProblem(target, root, change.path);
    if (problem) problems.push(`${change.path}: ${problem}`);
  }
  if (problems.length > 0) {
    throw new BuildStop(`The build would write where it must not; nothing was changed:\n  ${problems.join('\n  ')}\nReplace the links with plain files and folders inside the repo (or fix the permissions), then build again.`);
  }
}

function pathProblem(target: string, root: string, rel: string): string | undefined {
  const parts = rel.split('/');
  let current = target;
  for (const [i, part] of parts.entries()) {
    current = join(current, part);
    let stat;
    try {
      stat = lstatSync(current);
    } catch {
      // The rest does not exist yet: it will be created inside the nearest existing folder, checked below.
      const parent = dirname(current);
      return writableDir(parent) ? undefined : `cannot create files in ${relative(target, parent) || '.'}`;
    }
    if (stat.isSymbolicLink()) {
      const resolved = safeRealpath(current);
      const outside = resolved === undefined || !(resolved === root || resolved.startsWith(root + sep));
      return `${parts.slice(0, i + 1).join('/')} is a symbolic link${outside ? ' resolving outside the repo' : ''}`;
    }
    const last = i === parts.length - 1;
    if (!last && !stat.isDirectory()) return `${parts.slice(0, i + 1).join('/')} is a file where a folder is needed`;
    if (last && !stat.isFile()) return 'is not a plain file';
    if (last && !writable(current)) return 'is not writable';
  }
  return undefined;
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function writableDir(path: string): boolean {
  return writable(path);
}

function safeRealpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Writes only what differs, so a rebuild leaves untouched files' timestamps (and `wix dev`'s watcher) alone. All or
 * nothing, as far as a file system allows: every new content is first written to a staging folder at the top of the
 * target (outside src/, so no watcher uploads a half-built file); only when all of them are written are they renamed
 * into place (and removals made). A failure while staging removes the staging folder and changes nothing else.
 */
export function applyChanges(target: string, changes: readonly FileChange[]): void {
  assertWritable(target, changes);
  const pending = changes.filter((change) => effectOf(target, change) !== 'unchanged');
  const writes = pending.filter((change): change is Extract<FileChange, { kind: 'write' }> => change.kind === 'write');
  mkdirSync(target, { recursive: true });
  const staging = join(target, `.velo-inbox-build-${process.pid}`);
  try {
    mkdirSync(staging);
    writes.forEach((change, i) => writeFileSync(join(staging, String(i)), change.content));
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  writes.forEach((change, i) => {
    const file = join(target, change.path);
    mkdirSync(dirname(file), { recursive: true });
    renameSync(join(staging, String(i)), file);
  });
  rmSync(staging, { recursive: true, force: true });
  for (const change of pending) if (change.kind === 'delete') rmSync(join(target, change.path));
}

/**
 * A situation the build must not resolve on its own (a file of the site's in the way, a handler it cannot compose):
 * nothing is written, and the message says exactly what to change.
 */
export class BuildStop extends Error {
  override readonly name = 'BuildStop' as const;
}

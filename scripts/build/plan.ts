import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

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

/** Writes only what differs, so a rebuild leaves untouched files' timestamps (and `wix dev`'s watcher) alone. */
export function applyChanges(target: string, changes: readonly FileChange[]): void {
  for (const change of changes) {
    const effect = effectOf(target, change);
    if (effect === 'unchanged') continue;
    const file = join(target, change.path);
    if (change.kind === 'delete') rmSync(file);
    else {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, change.content);
    }
  }
}

/**
 * A situation the build must not resolve on its own (a file of the site's in the way, a handler it cannot compose):
 * nothing is written, and the message says exactly what to change.
 */
export class BuildStop extends Error {
  override readonly name = 'BuildStop' as const;
}

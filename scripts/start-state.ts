/**
 * `npm start -- --load <file>` and `--export-on-exit <file>`: the site's state across runs, as Firebase's emulators
 * take `--import` and `--export-on-exit`. Kept apart from the story in start.ts: these only open and save a site.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SiteState } from 'wix-emulator';

export const STATE_USAGE = `  --load <file>            Start from a saved site state (a file from --export-on-exit, --save, or the UI's
                           export) instead of telling the story; serves it in the UI.
  --export-on-exit <file>  When the server stops (Ctrl-C, SIGTERM), write the site state to <file> first.`;

export interface StateFiles {
  readonly load?: string;
  readonly exportOnExit?: string;
}

/** A state file refused before anything starts: missing, not JSON, or not an exported state. */
export class StateFileError extends Error {
  override readonly name = 'StateFileError';
}

/** The two options, as given; `--load` must name a readable exported state (checked now, not after the story). */
export function stateFiles(options: { load?: string; 'export-on-exit'?: string }): StateFiles & { readonly state?: SiteState } {
  const files = { ...(options.load ? { load: resolve(options.load) } : {}), ...(options['export-on-exit'] ? { exportOnExit: resolve(options['export-on-exit']) } : {}) };
  if (!files.load) return files;
  if (!existsSync(files.load)) throw new StateFileError(`--load: no file ${options.load}`);
  let state: unknown;
  try {
    state = JSON.parse(readFileSync(files.load, 'utf8'));
  } catch (error) {
    throw new StateFileError(`--load: ${options.load} is not JSON (${(error as Error).message})`);
  }
  if ((state as { version?: unknown } | null)?.version !== 1) throw new StateFileError(`--load: ${options.load} is not an exported site state (version 1)`);
  return { ...files, state: state as SiteState };
}

/**
 * Writes the site's state to `file` when the process is asked to stop (then lets it stop), or when it ends on its own
 * (`--no-ui`): the export is synchronous, so it completes before the exit, whatever the server was doing.
 */
export function exportOnExit(exportState: () => SiteState, file: string, say: (line: string) => void): void {
  const write = (why: string) => {
    writeFileSync(file, `${JSON.stringify(exportState(), null, 2)}\n`);
    say(`site state exported to ${file} (${why})`);
  };
  const stop = (signal: NodeJS.Signals) => {
    write(signal);
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.once('beforeExit', () => write('done'));
}

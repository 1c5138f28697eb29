import { existsSync } from 'node:fs';
import { controlsFor } from './controls';
import { restApp } from './rest/app';
import { serveRest } from './rest/server';
import type { Site } from './site';
import { createSiteFromRepo } from './site-repo/install';

export interface ServeSiteOptions {
  /** The Wix site repo: the folder holding `src/` (and, optionally, `wix-emulator.json`). */
  readonly root: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly seed?: number;
  /** A state saved earlier (`controls.saveTo`, the UI's export): the site starts from it instead of empty. */
  readonly load?: string;
  /** Also serve the local UI under `/_ui` (its pages, Inbox, backend, journal and data views). */
  readonly ui?: boolean;
  /** Where the loader's reports go (handlers Wix would never call); default console.warn. */
  readonly log?: (line: string) => void;
}

export interface ServedSite {
  readonly site: Site;
  /** `http://127.0.0.1:<port>`: the REST face, the controls under `/_emulator`, and the UI under `/_ui` when asked. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * A site repo on the emulator over HTTP, as `wix-emulator --site <repo>` serves it: its shipped code loaded as Wix
 * loads it, the collections its wix-emulator.json declares (again after a reset), a saved state if given.
 */
export async function serveSiteRepo(options: ServeSiteOptions): Promise<ServedSite> {
  if (options.load !== undefined && !existsSync(options.load)) throw new Error(`no such state file ${options.load}`);
  const { site, repo, notCalled, defineCollections } = createSiteFromRepo(options.root, {
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  if (options.load !== undefined) {
    await controlsFor(site).loadFrom(options.load);
    // A state saved before the repo declared a collection still gets it, as after an import in the UI.
    defineCollections(site);
  }
  if (options.ui) {
    // Loaded only when asked: the UI pulls in the page runtime's compiler.
    const { serveLocalUi } = await import('./ui');
    const local = await serveLocalUi({ site, repo, notCalled, port: options.port ?? 0 });
    return { site, url: local.url, close: () => local.close() };
  }
  const server = await serveRest(restApp(site, { afterReset: defineCollections }), { port: options.port ?? 0 });
  return { site, url: server.url, close: () => server.close() };
}

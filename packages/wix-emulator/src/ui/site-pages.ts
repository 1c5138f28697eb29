import { existsSync, readdirSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { Caller, Site } from '../index';
import { loadPage, type LoadedPage } from '../pages/load-page';
import { MASTER_PAGE_MODULE, type PageLayout } from '../pages/page-layout';
import type { SiteRepo } from '../site-repo';
import { isSiteRepoError, type SiteRepoErrorCode } from '../site-repo/errors';

/**
 * One page the site view can show: as the repo's `wix-emulator.json` lays it out (`declared`), or a page code file of
 * `src/pages/` it does not mention, shown with no elements (Wix keeps them in the editor).
 */
export interface SitePage {
  /** How the page switch names it: the declared name, else the file's name without its ID and extension (`Home`). */
  readonly key: string;
  readonly layout: PageLayout;
  readonly declared: boolean;
}

/** Why a page did not load: its code file is gone, Wix's loader rules refuse it, or its code threw while loading. */
export type PageLoadErrorCode = 'PAGE_CODE_MISSING' | 'PAGE_CODE_FAILED' | SiteRepoErrorCode;

export class PageLoadError extends Error {
  override readonly name = 'PageLoadError';
  constructor(
    readonly code: PageLoadErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A browser's page: its code loaded and running, or the typed reason it is not (shown in place of the elements). */
export type OpenPage = { readonly page: SitePage; readonly loaded: LoadedPage } | { readonly page: SitePage; readonly failed: PageLoadError };

/** Where pages are loaded from: the loaded site repo, or a tree of TypeScript sources. */
export type PageSource = { readonly repo: SiteRepo } | { readonly root: string };

/**
 * The pages of a site, in the order the switch lists them: the page given to the UI (if any), the repo's declared pages
 * in its file's order, then the page code files no declaration names, by name. Never the master page: its code runs on
 * every page, and the UI loaded it once already.
 */
export function sitePages(source: PageSource, given: PageLayout | undefined): SitePage[] {
  const root = 'repo' in source ? source.repo.root : source.root;
  const declared = [...(given ? [given] : []), ...('repo' in source ? source.repo.config().pages : [])];
  const pages: SitePage[] = [];
  const keys = new Set<string>();
  const modules = new Set<string>();
  const add = (layout: PageLayout, isDeclared: boolean) => {
    // A layout given by a test may repeat one the repo declares: the given one wins, as the first.
    if (keys.has(layout.title)) return;
    keys.add(layout.title);
    modules.add(repoRelative(root, layout.modulePath));
    pages.push({ key: layout.title, layout, declared: isDeclared });
  };
  for (const layout of declared) add(layout, true);
  for (const modulePath of pageFiles(root, 'repo' in source ? ['.js'] : ['.ts', '.js'])) {
    if (modules.has(modulePath)) continue;
    const name = modulePath.replace(/^src\/pages\//, '').replace(/\..*$/, '');
    add({ title: keys.has(name) ? modulePath : name, modulePath, elements: {} }, false);
  }
  return pages;
}

/** Loads a page for one browser; a page that cannot load is an `OpenPage` with its typed error, never a thrown one. */
export async function openSitePage(site: Site, source: PageSource, page: SitePage, caller: Caller): Promise<OpenPage> {
  const root = 'repo' in source ? source.repo.root : source.root;
  const file = isAbsolute(page.layout.modulePath) ? page.layout.modulePath : join(root, page.layout.modulePath);
  if (!existsSync(file)) {
    return { page, failed: new PageLoadError('PAGE_CODE_MISSING', `${page.layout.modulePath}: the page's code is not in the site (moved or deleted since the UI started?)`) };
  }
  try {
    const loaded = await loadPage(site, { modulePath: page.layout.modulePath, caller, elements: page.layout.elements, ...source });
    return { page, loaded };
  } catch (error) {
    if (isSiteRepoError(error)) return { page, failed: new PageLoadError(error.code, error.message) };
    const message = error instanceof Error ? error.message : String(error);
    return { page, failed: new PageLoadError('PAGE_CODE_FAILED', `${page.layout.modulePath}: the page's code failed while loading: ${message}`) };
  }
}

/** Page code files of `src/pages/` (repo-relative), without the master page and type declarations. */
function pageFiles(root: string, extensions: readonly string[]): string[] {
  const dir = join(root, 'src', 'pages');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && extensions.some((ext) => entry.name.endsWith(ext)) && !entry.name.endsWith('.d.ts'))
    .map((entry) => `src/pages/${entry.name}`)
    .filter((path) => path.replace(/\.ts$/, '.js') !== MASTER_PAGE_MODULE)
    .sort();
}

function repoRelative(root: string, modulePath: string): string {
  return isAbsolute(modulePath) ? relative(root, modulePath).split('\\').join('/') : modulePath;
}

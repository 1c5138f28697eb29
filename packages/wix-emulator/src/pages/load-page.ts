import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Caller } from '../kernel/caller';
import type { JswPermissions } from '../kernel/rpc';
import type { Site } from '../site';
import type { SiteRepo } from '../site-repo/site-repo';
import type { ElementSpec, ElementView, FormOutcome } from './element-host';
import { evaluatePageModule } from './page-module';
import { PageScope, runningPage, type DollarW } from './page-scope';
import { installVeloResolution } from './velo-resolution';

export type { ElementSpec, ElementView, FormOutcome } from './element-host';

export interface LoadPageOptions {
  /** The page's code, relative to the site's root (`src/pages/Contact.bx7e2.ts`, `.js` in a repo) or absolute. */
  readonly modulePath: string;
  /** Who is looking at the page: page code, and the web methods it calls, run as this caller. */
  readonly caller: Caller;
  /** The page's elements, as the editor would have placed them: `{ '#contactForm': 'WixForms', '#status': 'Text' }`. */
  readonly elements?: Readonly<Record<string, ElementSpec>>;
  /** permissions.json for `.jsw` imports; default: the site's `src/backend/permissions.json` (none → all denied). */
  readonly permissions?: JswPermissions;
  /** A tree of the site's TypeScript sources, whose `src/backend/` and `src/public/` page imports resolve to. */
  readonly root?: string;
  /**
   * A loaded site repo (src/site-repo/): the page is its shipped JavaScript (`src/pages/Contact.bx7e2.js`), and
   * its imports follow Wix's loader rules. `modulePath` is then relative to the repo; `root` is ignored. One of the two
   * is required: the page runtime knows no site of its own.
   */
  readonly repo?: SiteRepo;
}

/** The test's (or the local site's) control of a loaded page — never visible to page code. */
export interface LoadedPage {
  /** Project-relative path of the page module. */
  readonly name: string;
  /**
   * What the page module exports (Wix wires exported functions to element events in the editor). Functions are
   * wrapped to run as page code — as the page's caller, on the page side — like an event the editor wired.
   */
  readonly exports: Readonly<Record<string, unknown>>;
  readonly caller: Caller;
  /** The visitor's session changed (logged in or out): handlers from now on run as `caller`. */
  setCaller(caller: Caller): void;
  /** A snapshot of the element's state. */
  element(selector: string): ElementView;
  /** The visitor clicks the element: its `onClick` handlers run. Throws if it is hidden, collapsed or disabled. */
  fireClick(selector: string): void;
  /** The visitor types a value into a TextInput: `onInput`, then `onChange`. */
  fireInput(selector: string, value: string): void;
  /** The visitor fills in a form (either generation) and submits it; resolves when Wix has answered. */
  fireSubmit(selector: string, values: Record<string, unknown>): Promise<FormOutcome>;
  /** Waits for every handler the page started; throws their errors (one, or an AggregateError). */
  settled(): Promise<void>;
}

/**
 * Loads a page module as Wix runs it: the module body, then its `$w.onReady` handlers, as `caller`. Resolves once the
 * handlers settled; rejects with the first error of the module body or of a ready handler.
 *
 * Each loaded page has its own `$w` (a parameter of its module wrapper, see page-module.ts), so a master page and a
 * page can be loaded side by side, as on Wix. The global `$w` (for public/ code called from a page) resolves to the
 * page whose code is running; it throws outside page code. Limitation: each page sees only its own declared elements
 * (Wix also lets a page select the master page's header and footer elements).
 */
export async function loadPage(site: Site, options: LoadPageOptions): Promise<LoadedPage> {
  const { repo } = options;
  const root = repo?.root ?? options.root;
  if (root === undefined) throw new Error(`loadPage(${options.modulePath}): give the site, as a loaded repo (repo) or a tree of sources (root).`);
  if (!repo) installVeloResolution(root);
  installGlobalDollarW();
  const file = isAbsolute(options.modulePath) ? options.modulePath : resolve(root, options.modulePath);
  const name = relative(root, file).split('\\').join('/');
  const scope = new PageScope(site, options.caller, name, options.elements ?? {});
  const permissions = options.permissions ?? (repo ? repo.permissions() : projectPermissions(root));

  const exports = scope.enter(() =>
    repo ? repo.evaluatePage(file, scope.$w, new Map(), permissions) : evaluatePageModule({ file, root, site, $w: scope.$w, permissions }),
  );
  scope.runReady();
  await scope.settled();

  const control = (selector: string, action: 'click' | 'input' | 'submit') => {
    const found = scope.control(selector);
    const act = found[action];
    if (!act) throw new Error(`Cannot ${action} ${selector}: a ${found.view().type} does not support it.`);
    return act;
  };
  return {
    name,
    exports: Object.freeze(
      Object.fromEntries(
        Object.entries(exports).map(([key, value]) => [
          key,
          typeof value === 'function' ? (...args: unknown[]) => scope.enter(() => (value as (...a: unknown[]) => unknown)(...args)) : value,
        ]),
      ),
    ),
    get caller() {
      return scope.caller;
    },
    setCaller: (caller) => {
      scope.caller = caller;
    },
    element: (selector) => scope.control(selector).view(),
    fireClick: (selector) => (control(selector, 'click') as () => void)(),
    fireInput: (selector, value) => (control(selector, 'input') as (v: string) => void)(value),
    fireSubmit: (selector, values) => (control(selector, 'submit') as (v: Record<string, unknown>) => Promise<FormOutcome>)(values),
    settled: () => scope.settled(),
  };
}

function projectPermissions(root: string): JswPermissions {
  const file = join(root, 'src', 'backend', 'permissions.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as JswPermissions) : {};
}

/** `$w` as a global, for code that is not the page module itself (public/ helpers called by the page). */
const globalDollarW: DollarW = Object.assign((selector: string) => pageOrThrow().$w(selector), {
  onReady: (handler: () => unknown) => pageOrThrow().$w.onReady(handler),
  at: (context: unknown) => pageOrThrow().$w.at(context),
});

function pageOrThrow(): PageScope {
  const page = runningPage();
  if (!page) throw new Error('$w is only available to page code (no emulated page is running in this call).');
  return page;
}

function installGlobalDollarW(): void {
  (globalThis as { $w?: unknown }).$w = globalDollarW;
}

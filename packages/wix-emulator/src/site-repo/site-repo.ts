import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runAs } from '../kernel/caller';
import { exposeJswModule, exposeWebModule, type JswPermissions } from '../kernel/rpc';
import type { Site } from '../site';
import { SiteRepoError } from './errors';
import { EXPORT_RULE_FILES, findExports, looksLikeHandler, readExportForms, type NotCalledReason } from './export-forms';
import { jobModule, readJobsConfig, type ScheduledJob } from './jobs-config';
import { readJsonc } from './jsonc';
import { evaluateModule, type ModuleGlobals } from './module-source';
import { listedPackages, resolveImport, type ResolveContext } from './resolve-import';
import { readSiteConfig, type SiteConfig } from './site-config';
import { siteTimeGlobals, type SiteTimeGlobals } from './site-clock';

/** A web module of the site, as page code imports it: `backend/orders.web` (`src/backend/orders.web.js`) or `backend/hours.jsw`. */
export interface WebModuleFile {
  readonly specifier: string;
  /** Repo-relative: `src/backend/orders.web.js`. */
  readonly file: string;
  /** `web`: `webMethod(…)` exports with their own permissions; `jsw`: every exported function, permissions.json deciding. */
  readonly kind: 'web' | 'jsw';
}

/** A handler Wix would never call, and why: what the journal, the UI and the log report. */
export interface NotCalledHandler {
  readonly name: string;
  /** Repo-relative: `src/backend/events.js`. */
  readonly file: string;
  readonly line: number;
  readonly reason: NotCalledReason;
}

/** "not called by Wix: wixMembers_onMemberCreated (src/backend/events.js:12): re-export" */
export function describeNotCalled(handler: NotCalledHandler): string {
  return `not called by Wix: ${handler.name} (${handler.file}:${handler.line}): ${handler.reason}`;
}

export interface SiteRepoOptions {
  /** The site repo: the folder holding `src/` (and `package.json`, `wix.config.json`). */
  readonly root: string;
  /** The emulated site the code runs on: its clock is the code's clock. */
  readonly site: Site;
}

/**
 * A Wix site repo's shipped `src/` (JavaScript), loaded as Wix loads it: backend modules once per site (shared by
 * events, jobs and web methods), page code and the `public/` modules it imports once per page, every import checked
 * against Wix's rules (resolve-import.ts), handlers of `events.js` dispatched only in the forms Wix calls
 * (export-forms.ts), jobs from `jobs.config`, time from the emulator's clock (site-clock.ts). Knows nothing of any
 * particular site.
 */
export class SiteRepo {
  readonly root: string;
  readonly site: Site;
  readonly time: SiteTimeGlobals;
  readonly #packages: ReadonlySet<string>;
  readonly #backend = new Map<string, Record<string, unknown>>();
  #config: SiteConfig | undefined;

  constructor(options: SiteRepoOptions) {
    this.root = options.root;
    this.site = options.site;
    const src = join(this.root, 'src');
    if (!existsSync(src) || !statSync(src).isDirectory()) throw new SiteRepoError('NOT_A_SITE_REPO', `${this.root}: no src/ folder (a Wix site repo keeps its code in src/)`);
    this.#packages = listedPackages(this.root);
    this.time = siteTimeGlobals(this.site.clock);
  }

  /** Repo-relative path with forward slashes, as reports show it. */
  relative(file: string): string {
    return relative(this.root, file).split('\\').join('/');
  }

  /** A backend (or public) module by its Velo name, as backend code imports it: one instance per site. */
  backendModule(specifier: string): Record<string, unknown> {
    const resolved = resolveImport(this.#context('backend'), specifier, join(this.root, 'src', 'backend'));
    if (resolved.kind !== 'site') throw new SiteRepoError('MODULE_NOT_FOUND', `'${specifier}' is not a module of the site`);
    return this.#loadBackendFile(resolved.file);
  }

  /** Whether the site has the module (`backend/events`, `backend/orders.web`, …). */
  has(specifier: string): boolean {
    const base = join(this.root, 'src', specifier);
    return [base, `${base}.js`, `${base}.jsw`].some((file) => /\.(js|jsw)$/.test(file) && existsSync(file));
  }

  /**
   * The event handlers Wix would call: the `events.js` exports declared in a supported form (and functions at run
   * time), and every export it would not call, with file, line and reason. No events.js: no handlers.
   */
  eventHandlers(): { readonly handlers: Readonly<Record<string, unknown>>; readonly notCalled: readonly NotCalledHandler[] } {
    const file = join(this.root, 'src', 'backend', 'events.js');
    if (!existsSync(file)) return { handlers: {}, notCalled: [] };
    const text = readFileSync(file, 'utf8');
    const forms = readExportForms(text, file);
    const module = this.#loadBackendFile(file);
    const shown = this.relative(file);
    const notCalled: NotCalledHandler[] = forms.notCalled.map((n) => ({ ...n, file: shown }));
    const handlers: Record<string, unknown> = {};
    for (const { name } of forms.called) if (typeof module[name] === 'function') handlers[name] = module[name];
    // Names only `export * from …` supplies are known once the module ran: each handler among them is a re-export
    // Wix never calls (a helper it supplies is no mistake, as for every other form).
    const star = forms.exportStars[0];
    if (star) {
      const known = new Set(findExports(text, file).map((e) => e.name));
      for (const name of Object.keys(module)) if (!known.has(name) && looksLikeHandler(name, file)) notCalled.push({ name, file: shown, line: star.line, reason: 're-export' });
    }
    return { handlers, notCalled };
  }

  /** Exports of `data.js` and `routers.js` Wix would not call (the emulator runs neither hooks nor routers; reported only). */
  otherExportRuleReports(): NotCalledHandler[] {
    return EXPORT_RULE_FILES.filter((name) => name !== 'events.js').flatMap((name) => {
      const file = join(this.root, 'src', 'backend', name);
      if (!existsSync(file)) return [];
      return readExportForms(readFileSync(file, 'utf8'), file).notCalled.map((n) => ({ ...n, file: this.relative(file) }));
    });
  }

  /** What Wix keeps outside the repo (CMS collections, page layouts), from its `wix-emulator.json`; empty without one. */
  config(): SiteConfig {
    this.#config ??= readSiteConfig(this.root);
    return this.#config;
  }

  /** The scheduled jobs of `backend/jobs.config` (JSON with comments); none when the site has no such file. */
  jobs(): ScheduledJob[] {
    const file = join(this.root, 'src', 'backend', 'jobs.config');
    return existsSync(file) ? readJobsConfig(readFileSync(file, 'utf8'), this.relative(file)) : [];
  }

  /**
   * Runs a job of jobs.config now, as Wix's scheduler does: a system caller with no session. Default: the first job;
   * `functionLocation` tells apart two jobs calling functions of the same name in different files.
   */
  async runJob(functionName?: string, functionLocation?: string): Promise<unknown> {
    const jobs = this.jobs();
    const job =
      functionName === undefined
        ? jobs[0]
        : jobs.find((j) => j.functionName === functionName && (functionLocation === undefined || j.functionLocation === functionLocation));
    if (!job) throw new SiteRepoError('JOB_NOT_FOUND', `jobs.config has no job${functionName === undefined ? 's' : ` '${functionName}'${functionLocation === undefined ? '' : ` in ${functionLocation}`}`}`);
    const fn = this.backendModule(jobModule(job))[job.functionName];
    if (typeof fn !== 'function') throw new SiteRepoError('JOB_NOT_FOUND', `jobs.config: ${job.functionLocation} exports no function '${job.functionName}'`);
    return runAs({ kind: 'system', reason: 'job' }, () => (fn as () => unknown)());
  }

  /** Every web module under `src/backend/` (sub-folders too), by specifier: what page code may import from the backend. */
  webModules(): WebModuleFile[] {
    const backend = join(this.root, 'src', 'backend');
    const walk = (dir: string): string[] =>
      existsSync(dir)
        ? readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]))
        : [];
    return walk(backend)
      .filter((file) => file.endsWith('.web.js') || file.endsWith('.jsw'))
      .map((file) => {
        const specifier = `backend/${relative(backend, file).split('\\').join('/')}`.replace(/\.web\.js$/, '.web');
        return { specifier, file: this.relative(file), kind: file.endsWith('.jsw') ? ('jsw' as const) : ('web' as const) };
      })
      .sort((a, b) => a.specifier.localeCompare(b.specifier));
  }

  /**
   * A web module as page code gets it (`backend/orders.web`, `backend/hours.jsw`): its web methods only, each call an
   * RPC under the method's permission (`webMethod(…)`, or permissions.json for `.jsw`), as the caller current at the call.
   */
  webModule(specifier: string, permissions: JswPermissions = this.permissions()): Readonly<Record<string, unknown>> {
    const file = resolveImport(this.#context('page'), specifier, join(this.root, 'src', 'pages'));
    if (file.kind !== 'site' || !/\.(web\.js|jsw)$/.test(file.file)) throw new SiteRepoError('NOT_A_WEB_MODULE', `'${specifier}' is not a web module of the site ('backend/<name>.web' or '.jsw')`);
    return this.#expose(file.file, file.specifier, permissions);
  }

  /** The site's `backend/permissions.json` (for `.jsw` web modules), JSON with comments; none: every `.jsw` call is denied. */
  permissions(): JswPermissions {
    const file = join(this.root, 'src', 'backend', 'permissions.json');
    if (!existsSync(file)) return {};
    const shown = this.relative(file);
    return readJsonc(readFileSync(file, 'utf8'), ({ kind, line, column }) => new SiteRepoError('PERMISSIONS_INVALID', `${shown}:${line}:${column}: not valid JSON with comments (${kind})`)) as JswPermissions;
  }

  /**
   * Evaluates a page's code (or a `public/` module it imports) with this page's `$w`: frontend modules once per page
   * (`frontendModules`), backend web modules as RPCs with their permissions, backend-only modules refused.
   */
  evaluatePage(file: string, $w: unknown, frontendModules: Map<string, Record<string, unknown>>, permissions: JswPermissions = this.permissions()): Record<string, unknown> {
    const cached = frontendModules.get(file);
    if (cached) return cached;
    const exports: Record<string, unknown> = {};
    frontendModules.set(file, exports);
    const require = (specifier: string): unknown => {
      const resolved = resolveImport(this.#context('page'), specifier, file);
      if (resolved.kind !== 'site') return load(resolved.kind === 'builtin' ? resolved.name : resolved.path);
      if (resolved.specifier.startsWith('public/')) return this.evaluatePage(resolved.file, $w, frontendModules, permissions);
      if (/\.(web\.js|jsw)$/.test(resolved.file)) return this.#expose(resolved.file, resolved.specifier, permissions);
      throw new SiteRepoError('NOT_A_WEB_MODULE', `${this.relative(file)}: imports '${specifier}'; page code can import only web modules from backend/ ('backend/<name>.web' or '.jsw')`);
    };
    return evaluateModule(file, this.relative(file), require, this.#globals({ $w }), exports);
  }

  #expose(file: string, specifier: string, permissions: JswPermissions): Readonly<Record<string, unknown>> {
    if (file.endsWith('.web.js')) return exposeWebModule(this.#loadBackendFile(file));
    return exposeJswModule(this.site, specifier.replace(/(\.jsw)?$/, '.jsw'), this.#loadBackendFile(file), permissions);
  }

  #loadBackendFile(file: string): Record<string, unknown> {
    const cached = this.#backend.get(file);
    if (cached) return cached;
    const exports: Record<string, unknown> = {};
    this.#backend.set(file, exports);
    const require = (specifier: string): unknown => {
      const resolved = resolveImport(this.#context('backend'), specifier, file);
      if (resolved.kind === 'site') return this.#loadBackendFile(resolved.file);
      return load(resolved.kind === 'builtin' ? resolved.name : resolved.path);
    };
    try {
      return evaluateModule(file, this.relative(file), require, this.#globals({}), exports);
    } catch (error) {
      this.#backend.delete(file);
      throw error;
    }
  }

  #globals(extra: ModuleGlobals): ModuleGlobals {
    return { Date: this.time.Date, setTimeout: this.time.setTimeout, clearTimeout: this.time.clearTimeout, ...extra };
  }

  #context(side: ResolveContext['side']): ResolveContext {
    return { root: this.root, packages: this.#packages, side };
  }
}

/** This file's own `require`: jest's registry under jest (so shims are the instances tests import), Node's in scripts. */
function load(path: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a site's imports resolve at run time, by design
  return require(path);
}

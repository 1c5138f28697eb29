import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import { runtimeDependencies } from './dependencies';
import { mergeEvents } from './events-block';
import { emulatorEntries } from './emulator-config';
import { mergeDependencies, mergeEmulatorConfig, mergeJobs, mergePermissions, type Job } from './json-merges';
import { assertParses } from './js-syntax';
import { withBlock } from './marked-block';
import { BuildStop, effectOf, type ChangeEffect, type FileChange } from './plan';
import { assertNotOwnSources, readWixConfig, siteModuleReader, uncommittedChanges } from './site-target';
import { SITE_CONFIG, siteConfigChanges } from './site-config';
import { isBuildOutput, OUTPUT_HEADER_PREFIX, transpile } from './transpile';
import { exportsWixDoesNotCall, SITE_CONFIG_FILE } from 'wix-emulator/site-repo';

export interface BuildOptions {
  /** The velo-inbox project: `src/`, `package.json`, `wix.config.json`. */
  readonly root: string;
  /** Where to build: a clone of a Wix site's repo (`site`), or the standalone demo site tree (`standalone`). */
  readonly target: string;
  /**
   * `site`: write only what velo-inbox owns and merge into the site's events.js, masterPage.js, jobs.config,
   * package.json. `standalone`: this project's whole site (its pages and events too), as a complete site repo.
   */
  readonly mode: 'site' | 'standalone';
  /** Also ship the deprecated `backend/inbox.jsw` entry and its permissions.json entry (opt-in). */
  readonly legacyJsw?: boolean;
}

export interface PlannedChange {
  readonly path: string;
  readonly effect: ChangeEffect;
  readonly why: string;
}

export interface BuildPlan {
  readonly changes: readonly FileChange[];
  /** Each change with what it does to the target as it is now. */
  readonly effects: readonly PlannedChange[];
  /** The runtime npm packages the emitted code imports, with their version ranges. */
  readonly dependencies: Readonly<Record<string, string>>;
  /** What the person building should know or do next, in order. */
  readonly notes: readonly string[];
  /** `git status --porcelain` of the target before the build (site builds into a git work tree only). */
  readonly uncommitted?: readonly string[];
}

/** The site event module, the master page and the site-wide configs: a site's own files, merged into, never replaced. */
const EVENTS = 'src/backend/events.ts';
const MASTER_PAGE = 'src/pages/masterPage.ts';
const JOBS = 'src/backend/jobs.config';
const PERMISSIONS = 'src/backend/permissions.json';

/** `x.jsw.ts` → `x.jsw` (Velo's legacy web-module extension); every other `x.ts` → `x.js` (so `x.web.ts` → `x.web.js`). */
export function outputName(relPath: string): string {
  if (relPath.endsWith('.jsw.ts')) return relPath.slice(0, -'.ts'.length);
  return `${relPath.slice(0, -'.ts'.length)}.js`;
}

/** Declarations, tests, test helpers and editor configs never ship. */
export function isSkipped(relPath: string): boolean {
  if (relPath.endsWith('.d.ts') || relPath.endsWith('/tsconfig.json')) return true;
  if (/\.(test|spec)\.[cm]?[jt]s$/.test(relPath)) return true;
  return relPath.split('/').some((part) => part === '__tests__' || part === '__mocks__');
}

/** Computes every change without touching the target; a BuildStop says what must be fixed first. */
export function planBuild(options: BuildOptions): BuildPlan {
  const { root, target, mode } = options;
  const legacyJsw = options.legacyJsw ?? false;
  const site = mode === 'site';
  const read = (rel: string) => readFileSync(join(root, rel), 'utf8');
  const readTarget = (rel: string) => (existsSync(join(target, rel)) ? readFileSync(join(target, rel), 'utf8') : undefined);
  if (!existsSync(join(root, 'src'))) throw new Error(`build-site: no src/ directory in ${root}`);
  if (site) assertNotOwnSources(root, target);
  const siteConfig = site ? readWixConfig(target) : undefined;

  const owned = new Map<string, { content: string; from: string }>();
  const own = (out: string, content: string, from: string) => {
    const previous = owned.get(out);
    if (previous) throw new Error(`build-site: ${from} and ${previous.from} both emit ${out}`);
    owned.set(out, { content, from });
  };
  const merges: FileChange[] = [];
  const notes: string[] = [];

  const unusedFamily = unusedFamilyFolder(join(root, 'src'));
  for (const rel of listFiles(join(root, 'src')).map((f) => `src/${f}`)) {
    if (isSkipped(rel)) continue;
    if (unusedFamily !== undefined && rel.startsWith(unusedFamily)) continue;
    if (rel.endsWith('.jsw.ts') && !legacyJsw) continue;
    if (rel === PERMISSIONS || rel === JOBS) continue; // merged below
    if (rel === SITE_CONFIG) continue; // the site's own settings: written once, below
    if (site && (rel === EVENTS || rel.startsWith('src/pages/'))) continue; // the site's own files: merged below
    if (rel.endsWith('.ts')) own(outputName(rel), transpile(read(rel), rel), rel);
    else own(rel, read(rel), rel);
  }

  // Files the build writes whole: never over a file that is not its own output.
  const conflicts: string[] = [];
  for (const [out, { content }] of owned) {
    const existing = readTarget(out);
    if (existing === undefined || existing === content) continue;
    const isJs = /\.(js|jsw)$/.test(out);
    if (site && !(isJs && isBuildOutput(existing))) conflicts.push(out);
  }
  if (conflicts.length > 0) {
    throw new BuildStop(
      `These files exist in ${target} and were not written by velo-inbox's build; nothing was changed:\n  ${conflicts.join('\n  ')}\n` +
        `Rename or move them (velo-inbox needs these paths), then build again.`,
    );
  }

  // Output of an earlier build that this build no longer emits (a renamed module): removed, nothing else is.
  const stale: FileChange[] = [];
  for (const dir of site ? ['src/backend', 'src/public'] : ['src']) {
    for (const file of listFiles(join(target, dir)).map((f) => `${dir}/${f}`)) {
      if (!/\.(js|jsw)$/.test(file) || owned.has(file)) continue;
      if (isBuildOutput(readTarget(file) ?? '')) stale.push({ kind: 'delete', path: file, why: 'earlier velo-inbox output no longer built' });
    }
  }

  // Site files velo-inbox adds to.
  // Only velo-inbox's own code is checked for dependencies: the site's imports in these files are the site's business.
  const ownBlocks = new Map<string, string>();
  if (site) {
    const events = outputName(EVENTS);
    const merged = mergeEvents(readTarget(events) ?? '', exportedNames(read(EVENTS), EVENTS), events, siteModuleReader(target, events));
    merges.push({ kind: 'write', path: events, content: merged.text, why: `velo-inbox block: its event handlers${merged.composed.length > 0 ? ` (yours run first: ${merged.composed.join(', ')})` : ''}` });
    ownBlocks.set(events, merged.blockLines.join('\n'));
    for (const uncalled of exportsWixDoesNotCall(merged.text, events)) {
      const handler = uncalled.name === '*' ? 'each handler it supplies' : (uncalled.declared ?? uncalled.name);
      notes.push(`${events}, line ${uncalled.line}: ${uncalled.text.trim()} (${uncalled.reason ?? 'a form Wix does not call'}): Wix never calls ${handler} when its event fires; declare it as \`export function <name>(event) { … }\`.`);
    }
    const master = outputName(MASTER_PAGE);
    const masterLines = blockLines(transpile(read(MASTER_PAGE), MASTER_PAGE));
    const masterText = readTarget(master) ?? '';
    assertParses(masterText, master);
    merges.push({ kind: 'write', path: master, content: withBlock(masterText, masterLines, master), why: 'velo-inbox block: greet members on login' });
    ownBlocks.set(master, masterLines.join('\n'));
  }
  const ourJobs = (JSON.parse(read(JOBS)) as { jobs: Job[] }).jobs;
  merges.push({ kind: 'write', path: JOBS, content: mergeJobs(readTarget(JOBS), ourJobs, JOBS), why: `velo-inbox job: ${ourJobs.map((j) => j.functionName).join(', ')}` });
  if (legacyJsw) {
    // The project's entries for its own .jsw modules, one by one. Never a catch-all ("*") rule: on a site it would change
    // every other .jsw's permissions (Wix's default for a .jsw function is Anyone).
    const entries = Object.entries((JSON.parse(read(PERMISSIONS)) as { 'web-methods': Record<string, Record<string, unknown>> })['web-methods']).filter(([module]) => module !== '*');
    let permissions = readTarget(PERMISSIONS);
    for (const [module, entry] of entries) permissions = mergePermissions(permissions, module, entry, PERMISSIONS);
    if (permissions !== undefined) merges.push({ kind: 'write', path: PERMISSIONS, content: permissions, why: `permissions for ${entries.map(([m]) => m).join(', ')} only` });
  }

  // What Wix keeps outside the repo, for the local emulator: velo-inbox's collections and contact page.
  const emulator = emulatorEntries(root, target, site ? 'site' : 'standalone');
  const pages = Object.keys(emulator.pages);
  merges.push({
    kind: 'write',
    path: SITE_CONFIG_FILE,
    content: mergeEmulatorConfig(readTarget(SITE_CONFIG_FILE), emulator, SITE_CONFIG_FILE),
    why: `for the local emulator: velo-inbox's collections${pages.length > 0 ? ` and its ${pages.join(', ')} page` : ''}`,
  });

  const inboxConfig = siteConfigChanges(existsSync(join(root, SITE_CONFIG)) ? read(SITE_CONFIG) : undefined, readTarget(SITE_CONFIG));
  merges.push(...inboxConfig.changes);
  notes.push(...inboxConfig.notes);

  // Site configuration.
  const wixConfig = readTarget('wix.config.json');
  if (siteConfig) {
    notes.push(`Site ${siteConfig.siteId}, uiVersion ${String(siteConfig.uiVersion)} (from its wix.config.json; left as it is).`);
  } else if (wixConfig === undefined) {
    merges.push({ kind: 'write', path: 'wix.config.json', content: read('wix.config.json'), why: 'placeholder site ID: put your site\'s siteId and uiVersion in' });
  }

  const projectPackage = JSON.parse(read('package.json')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  const shipped = new Map<string, string>([...owned].map(([path, { content }]) => [path, content]));
  for (const [path, block] of ownBlocks) shipped.set(path, block);
  const dependencies = runtimeDependencies(shipped, projectPackage);
  const fresh = {
    name: 'velo-inbox-site',
    private: true,
    scripts: { dev: 'wix dev' },
    devDependencies: { '@wix/cli': projectPackage.devDependencies?.['@wix/cli'] ?? 'latest' },
  };
  const pkg = mergeDependencies(readTarget('package.json'), dependencies, fresh);
  merges.push({ kind: 'write', path: 'package.json', content: pkg.text, why: `runtime dependencies: ${Object.keys(dependencies).join(', ') || 'none'}` });
  for (const kept of pkg.keptSiteVersion) {
    notes.push(`package.json keeps the site's ${kept.name}@${kept.site}; velo-inbox is built and tested with ${kept.ours}.`);
  }

  const changes: FileChange[] = [
    ...[...owned].map(([path, { from }]): FileChange => ({ kind: 'write', path, content: owned.get(path)!.content, why: `from ${from}` })),
    ...stale,
    ...merges,
  ];
  const effects = changes.map((change) => ({ path: change.path, effect: effectOf(target, change), why: change.why }));
  const installNeeded = pkg.added.length > 0 || !existsSync(join(target, 'wix.lock'));
  if (installNeeded) notes.push(`Run \`wix install\` in ${target}: it installs ${Object.keys(dependencies).join(', ')} and writes wix.lock (Wix CLI uploads package.json only together with wix.lock).`);
  const uncommitted = site ? uncommittedChanges(target) : undefined;
  return { changes, effects, dependencies, notes, ...(uncommitted === undefined ? {} : { uncommitted }) };
}

/** The lines of a transpiled module without the build's header: what goes inside a block. */
function blockLines(js: string): string[] {
  return js.split('\n').filter((line, i) => !(i === 0 && line.startsWith(OUTPUT_HEADER_PREFIX))).join('\n').trimEnd().split('\n');
}

/**
 * The adapter family the site does not use, read from `src/backend/inbox-family.ts` (the one switch: it re-exports
 * `family` from `./wix/…` or `./wix-sdk/…`, read by the TypeScript parser): that folder is left out of the deployed
 * tree, so a Velo-family site never needs the SDK's packages. The Velo folder also holds what both families share
 * (and the site setup), so it always ships. Undefined for a project without the switch.
 */
export function unusedFamilyFolder(srcDir: string): string | undefined {
  const switchFile = join(srcDir, 'backend', 'inbox-family.ts');
  if (!existsSync(switchFile)) return undefined;
  const parsed = ts.createSourceFile(switchFile, readFileSync(switchFile, 'utf8'), ts.ScriptTarget.Latest, true);
  const from = parsed.statements
    .filter(ts.isExportDeclaration)
    .filter((s) => s.exportClause && ts.isNamedExports(s.exportClause) && s.exportClause.elements.some((e) => e.name.text === 'family'))
    .map((s) => (s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier) ? s.moduleSpecifier.text.split('/')[1] : undefined))[0];
  if (from !== 'wix' && from !== 'wix-sdk') throw new Error(`build-site: ${switchFile} re-exports no adapter family (family) from ./wix/ or ./wix-sdk/`);
  return from === 'wix' ? 'src/backend/wix-sdk/' : undefined;
}

/** Names a module exports, read by the TypeScript parser (`export const x`, `export function x`, `export { x }`). */
export function exportedNames(source: string, file: string): string[] {
  const parsed = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const names: string[] = [];
  for (const statement of parsed.statements) {
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      names.push(...statement.exportClause.elements.map((e) => e.name.text));
    } else if (ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      if (ts.isFunctionDeclaration(statement) && statement.name) names.push(statement.name.text);
      if (ts.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text);
    }
  }
  return names;
}

/** Files under `dir`, relative, `/`-separated, sorted; none when it does not exist. Skips `.git` and `node_modules`. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === '.git' || entry.name === 'node_modules') continue;
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return out;
}

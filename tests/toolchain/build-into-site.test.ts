import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { buildSite } from '../../scripts/build-site';
import { isSitePath, isVeloModule, packageName } from '../../scripts/build/dependencies';
import { COMPOSED_MARK, siteHandlerName } from '../../scripts/build/events-block';
import { BLOCK_BEGIN, BLOCK_END } from '../../scripts/build/marked-block';
import { listFiles } from '../../scripts/build/plan-build';
import { importSpecifiers } from '../../scripts/build/transpile';
import { exportsWixDoesNotCall } from 'wix-emulator/site-repo';
import { startBuiltSite } from '../support/built-site-with-code';

const repoRoot = join(__dirname, '..', '..');
const fixture = join(__dirname, 'fixtures', 'wix-site');
/** The site files velo-inbox adds to (inside marked blocks or by entry); every other file of the site must not change. */
const MERGED = ['src/backend/events.js', 'src/pages/masterPage.js', 'src/backend/jobs.config', 'package.json'];
const OUR_HANDLERS = [
  'wixMembers_onMemberCreated',
  'wixCrm_onFormSubmit',
  'wixForms_onSubmissionCreated',
  'wixCrmInbox_onMessageSentToBusiness',
  'wixCrmInbox_onConversationConversationsMerged',
];

let site: string;
let before: Map<string, Buffer>;

function git(...args: string[]): string {
  const run = spawnSync('git', ['-c', 'user.name=Site Owner', '-c', 'user.email=owner@example.com', ...args], { cwd: site, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

function snapshot(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else files.set(path, readFileSync(join(dir, path)));
    }
  };
  walk('');
  return files;
}

const build = () => buildSite({ root: repoRoot, target: site, mode: 'site' });
const text = (rel: string) => readFileSync(join(site, rel), 'utf8');

/** Export names of a JavaScript module, as its parser sees them (one entry per export, so duplicates would show). */
function exportNames(source: string): string[] {
  const file = ts.createSourceFile('events.js', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const names: string[] = [];
  for (const s of file.statements) {
    if (ts.isExportDeclaration(s) && s.exportClause && ts.isNamedExports(s.exportClause)) names.push(...s.exportClause.elements.map((e) => e.name.text));
    else if (ts.isFunctionDeclaration(s) && s.name && ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) names.push(s.name.text);
  }
  return names;
}

beforeAll(() => {
  // A clone of a Wix site's repo: its own git history, dependencies, wix.lock, handlers, job and legacy web module.
  site = join(mkdtempSync(join(tmpdir(), 'wix-site-')), 'my-site');
  cpSync(fixture, site, { recursive: true });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'The site as Wix Git Integration made it');
  before = snapshot(site);
  build();
  build();
  build();
});

afterAll(() => rmSync(join(site, '..'), { recursive: true, force: true }));

describe('npm run build -- --site, three times into a clone of a Wix site repo', () => {
  it('leaves every site file it does not merge into byte-identical, .git and wix.lock included, and deletes nothing', () => {
    const after = snapshot(site);
    const untouched = [...before.keys()].filter((path) => !MERGED.includes(path));

    expect(untouched.filter((path) => !after.get(path)?.equals(before.get(path)!))).toEqual([]);
    expect(untouched).toEqual(expect.arrayContaining(['wix.lock', 'wix.config.json', 'src/backend/permissions.json', '.git/HEAD']));
    expect(git('status', '--porcelain', '--untracked-files=no').split('\n').filter(Boolean).sort()).toEqual(MERGED.map((p) => ` M ${p}`).sort());
  });

  it('is idempotent: a fourth build changes nothing', () => {
    const third = snapshot(site);
    const plan = build();

    expect(plan.effects.filter((e) => e.effect !== 'unchanged')).toEqual([]);
    expect(snapshot(site)).toEqual(third);
  });

  it("keeps the site's handlers exported, adds velo-inbox's exactly once, and keeps the site's code where it was", () => {
    const events = text('src/backend/events.js');
    const names = exportNames(events);

    expect(names.filter((n) => n === 'wixStores_onNewOrder')).toHaveLength(1);
    for (const name of OUR_HANDLERS) expect(names.filter((n) => n === name)).toHaveLength(1);
    expect(events.split(BLOCK_BEGIN)).toHaveLength(2);
    expect(events.split(BLOCK_END)).toHaveLength(2);
    // The site's same-named handler is renamed in place (run first by the block's export); its lines are otherwise unchanged.
    const original = before.get('src/backend/events.js')!.toString('utf8');
    const renamed = `${COMPOSED_MARK} function ${siteHandlerName('wixMembers_onMemberCreated')}`;
    expect(events.startsWith(original.replace('export function wixMembers_onMemberCreated', renamed))).toBe(true);
  });

  it('exports every handler of the merged events.js in a form Wix calls', () => {
    expect(exportsWixDoesNotCall(text('src/backend/events.js'), 'src/backend/events.js')).toEqual([]);
  });

  it("runs the built site through the emulator's site-repo loader: the site's handlers and velo-inbox's both run", async () => {
    const { site: emulated, installed } = startBuiltSite({ root: site });
    emulated.data.defineCollection('SiteLog', { permissions: { read: 'Admin', insert: 'Admin', update: 'Admin', remove: 'Admin' } });
    expect(installed.notCalled).toEqual([]);

    const member = emulated.members.register({ email: 'ann@example.com', firstName: 'Ann' });
    await emulated.events.settle();
    emulated.events.emit('wixStores_onNewOrder', { orderId: 'order-1' }); // as Wix would, for an event the emulator does not model
    await emulated.events.settle();

    const logged = emulated.data.inspectCollection('SiteLog').map((row) => ({ kind: row.kind, subject: row.subject }));
    expect(logged).toEqual([
      { kind: 'member-created', subject: member._id },
      { kind: 'new-order', subject: 'order-1' },
    ]);
    const conversation = emulated.inbox.conversationOf({ memberId: member._id })?.conversation._id ?? '';
    const titles = emulated.inbox.messagesOf(conversation).map((m) => m.message.content?.template?.title);
    expect(titles).toEqual(['Welcome aboard, Ann!']);
  });

  it("merges the master page and jobs.config: the site's code and job stay, velo-inbox's appear once", () => {
    const master = text('src/pages/masterPage.js');
    expect(master.startsWith(before.get('src/pages/masterPage.js')!.toString('utf8'))).toBe(true);
    expect(master.split('greetMembersOnLogin()')).toHaveLength(2);
    for (const merged of ['src/pages/masterPage.js', 'src/backend/events.js']) {
      const parsed = ts.transpileModule(text(merged), { fileName: merged, reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext } });
      expect({ merged, errors: (parsed.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')) }).toEqual({ merged, errors: [] });
    }

    const jobs = (JSON.parse(text('src/backend/jobs.config')) as { jobs: { functionName: string }[] }).jobs.map((j) => j.functionName);
    expect(jobs).toEqual(['dailyDigest', 'drainInboxOutbox']);
  });

  it("keeps package.json's own entries and adds the runtime packages velo-inbox's code imports", () => {
    const was = JSON.parse(before.get('package.json')!.toString('utf8')) as Record<string, unknown>;
    const now = JSON.parse(text('package.json')) as Record<string, unknown> & { dependencies: Record<string, string> };

    expect({ ...now, dependencies: undefined }).toEqual({ ...was, dependencies: undefined });
    // The site's own, then what velo-inbox's emitted code imports (Velo family: zod; page helpers: @wix/site, whose
    // onLogin the login greeting listens with — it reads no member itself, so @wix/site-members is not needed).
    expect(now.dependencies).toEqual({ lodash: '^4.17.21', '@wix/site': expect.any(String), zod: expect.any(String) });
    expect(text('package.json')).toMatch(/^ {4}"dependencies"/m); // the site's indentation kept
  });

  it('adds no .jsw and no catch-all permission rule', () => {
    const jsw = (files: Iterable<string>) => [...files].filter((f) => f.endsWith('.jsw'));
    expect(jsw(snapshot(site).keys())).toEqual(jsw(before.keys()));
    expect(Object.keys((JSON.parse(text('src/backend/permissions.json')) as { 'web-methods': object })['web-methods'])).not.toContain('*');
  });

  it('leaves only imports Wix resolves: Velo modules, backend/… and public/… files that exist, packages in package.json', () => {
    const deps = Object.keys((JSON.parse(text('package.json')) as { dependencies: object }).dependencies);
    const problems: string[] = [];
    for (const file of listFiles(join(site, 'src')).filter((f) => /\.(js|jsw)$/.test(f))) {
      for (const specifier of importSpecifiers(text(`src/${file}`))) {
        const ok = isVeloModule(specifier)
          ? true
          : isSitePath(specifier)
            ? ['', '.js', '.jsw'].some((ext) => existsSync(join(site, 'src', `${specifier}${ext}`)))
            : deps.includes(packageName(specifier));
        if (!ok) problems.push(`${file}: ${specifier}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildSite, isSkipped, outputName } from '../../scripts/build-site';
import { listFiles } from '../../scripts/build/plan-build';
import { importSpecifiers, siteSpecifier } from '../../scripts/build/transpile';

const repoRoot = join(__dirname, '..', '..');
const fixtureRoot = join(__dirname, 'fixtures', 'site');
const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');

let outDir: string;
beforeEach(() => {
  outDir = join(mkdtempSync(join(tmpdir(), 'build-site-')), 'site');
});
afterEach(() => {
  rmSync(dirname(outDir), { recursive: true, force: true });
});

const standalone = (root = fixtureRoot, extra: { legacyJsw?: boolean; dryRun?: boolean } = {}) =>
  buildSite({ root, target: outDir, mode: 'standalone', ...extra });
const read = (f: string) => readFileSync(join(outDir, f), 'utf8');

describe('the standalone build (npm run build)', () => {
  it("emits one .js per source .ts, and a complete site repo: wix.config.json, a package.json with the runtime packages and the emulator's wix-emulator.json", () => {
    standalone();

    expect(listFiles(outDir)).toEqual(
      [
        'package.json',
        'wix.config.json',
        'wix-emulator.json',
        'src/backend/format.js',
        'src/backend/greeting.web.js',
        'src/backend/jobs.config',
        'src/pages/Home.abc12.js',
        'src/public/strings.js',
        'src/styles/global.css',
      ].sort(),
    );
    expect(JSON.parse(read('package.json'))).toMatchObject({ private: true, dependencies: { zod: '^4.0.0' }, devDependencies: { '@wix/cli': expect.any(String) } });
    expect(read('wix.config.json')).toBe(readFileSync(join(fixtureRoot, 'wix.config.json'), 'utf8'));
    // What Wix keeps outside the repo, for the emulator: the backend's collections, admin-only (this project has no contact page).
    const adminOnly = { permissions: { read: 'Admin', insert: 'Admin', update: 'Admin', remove: 'Admin' } };
    expect(JSON.parse(read('wix-emulator.json'))).toEqual({ collections: { InboxOutbox: adminOnly, InboxDeliveries: adminOnly, InboxRateLimits: adminOnly } });
  });

  it('ships the legacy .jsw and its permissions entry only when asked (--legacy-jsw), never a catch-all rule', () => {
    standalone(fixtureRoot, { legacyJsw: true });

    expect(existsSync(join(outDir, 'src/backend/legacy.jsw'))).toBe(true);
    expect(Object.keys(JSON.parse(read('src/backend/permissions.json'))['web-methods'])).toEqual(['backend/legacy.jsw']);
  });

  it('leaves no TypeScript, declaration or test file in the output', () => {
    standalone();

    const files = listFiles(outDir);
    expect(files.filter((f) => f.endsWith('.ts'))).toEqual([]);
    expect(files.some((f) => f.includes('ambient') || f.includes('.spec.'))).toBe(false);
  });

  it('rewrites relative imports to backend/… and public/… paths, keeps the rest, drops type-only imports', () => {
    standalone(fixtureRoot, { legacyJsw: true });

    const imports = (f: string) => importSpecifiers(read(f));
    expect(imports('src/pages/Home.abc12.js')).toEqual(['backend/greeting.web', 'public/strings', 'zod']);
    expect(imports('src/backend/greeting.web.js')).toEqual(['wix-web-module', 'backend/format']);
    expect(imports('src/backend/legacy.jsw')).toEqual(['wix-crm-backend', 'backend/format']);
    expect(read('src/backend/greeting.web.js')).not.toMatch(/\bTone\b/);
  });

  it('maps a relative specifier to the site path Wix resolves, and refuses one that leaves src/backend or src/public', () => {
    expect(siteSpecifier('src/backend/inbox/send.ts', './delivery')).toBe('backend/inbox/delivery');
    expect(siteSpecifier('src/backend/inbox/send.ts', '../wix/composition')).toBe('backend/wix/composition');
    expect(siteSpecifier('src/public/inbox/a.ts', './b.js')).toBe('public/inbox/b');
    expect(siteSpecifier('src/backend/a.ts', 'wix-data')).toBe('wix-data');
    expect(() => siteSpecifier('src/backend/a.ts', '../../emulator/velo/wix-auth')).toThrow(/outside src\/backend/);
  });

  it('emits ES2020 module syntax under a header that marks the file as build output', () => {
    standalone();

    const js = read('src/backend/format.js');
    expect(js.split('\n')[0]).toMatch(/^\/\/ velo-inbox build output from src\/backend\/format\.ts/);
    expect(js).toMatch(/^export function formatGreeting\(name, tone = 'plain'\)/m);
    expect(js).not.toMatch(/interface|: string|require\(/);
  });

  it("removes its own earlier output it no longer emits, and keeps everything else (.git, wix.lock, node_modules, a user's file)", () => {
    standalone();
    const stale = join(outDir, 'src', 'backend', 'renamed.js');
    writeFileSync(stale, '// velo-inbox build output from src/backend/renamed.ts: edit the TypeScript source in velo-inbox, not this file.\nexport {};\n');
    const kept = ['wix.lock', '.git/HEAD', 'src/backend/mine.js'];
    for (const f of kept) {
      mkdirSync(dirname(join(outDir, f)), { recursive: true });
      writeFileSync(join(outDir, f), 'kept');
    }

    standalone();

    expect(existsSync(stale)).toBe(false);
    for (const f of kept) expect(read(f)).toBe('kept');
  });

  it('writes nothing on a dry run, and says what it would do', () => {
    const plan = standalone(fixtureRoot, { dryRun: true });

    expect(existsSync(outDir)).toBe(false);
    expect(plan.effects.map((e) => e.effect)).toEqual(plan.effects.map(() => 'create'));
  });

  it('refuses an output directory that contains or is inside the sources', () => {
    expect(() => buildSite({ root: fixtureRoot, target: fixtureRoot, mode: 'standalone' })).toThrow(/refusing/);
    expect(() => buildSite({ root: fixtureRoot, target: join(fixtureRoot, 'src', 'out'), mode: 'standalone' })).toThrow(/refusing/);
  });

  it('classifies sources and names outputs as Velo expects', () => {
    expect(outputName('src/backend/a.web.ts')).toBe('src/backend/a.web.js');
    expect(outputName('src/backend/a.jsw.ts')).toBe('src/backend/a.jsw');
    expect(isSkipped('src/backend/a.d.ts') && isSkipped('src/backend/a.spec.ts') && !isSkipped('src/backend/a.ts')).toBe(true);
  });
});

describe('the build script on the repository', () => {
  it('builds src/ through the npm script entry point, with no .jsw unless asked', () => {
    const run = spawnSync(tsx, [join(repoRoot, 'scripts', 'build-site.ts'), '--out', outDir], { cwd: repoRoot, encoding: 'utf8' });

    expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 0 });
    const files = listFiles(outDir);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'src/backend/inbox.web.js', 'src/backend/events.js', 'src/pages/masterPage.js']));
    expect(files.filter((f) => f.endsWith('.jsw') || f.endsWith('permissions.json'))).toEqual([]);
  });

  it('ships only the adapter family inbox-family.ts names: the Velo family leaves the SDK family out', () => {
    standalone(repoRoot);

    const files = listFiles(outDir);
    expect(files).toEqual(expect.arrayContaining(['src/backend/inbox-family.js', 'src/backend/wix/velo-directory.js']));
    expect(files.filter((f) => f.startsWith('src/backend/wix-sdk/'))).toEqual([]);
    expect(Object.keys(JSON.parse(read('package.json')).dependencies).filter((name) => name.startsWith('@wix/') && !name.startsWith('@wix/site'))).toEqual([]);
  });

  it('ships the SDK family and its packages when inbox-family.ts names it, and refuses a switch that names no family', () => {
    const root = join(dirname(outDir), 'sdk-site');
    const write = (rel: string, text: string) => {
      mkdirSync(dirname(join(root, rel)), { recursive: true });
      writeFileSync(join(root, rel), text);
    };
    write('wix.config.json', '{"siteId":"s","uiVersion":"1"}');
    write('package.json', '{"devDependencies":{"@wix/data":"^1.0.0"}}');
    write('src/backend/jobs.config', '{"jobs":[]}');
    write('src/backend/wix-sdk/site-family.ts', "import { items } from '@wix/data';\nexport const sdkSiteFamily = items;\n");
    write('src/backend/wix/composition.ts', 'export const veloFamily = 1;\n');
    write('src/backend/inbox-family.ts', "export { sdkSiteFamily as family } from './wix-sdk/site-family';\n");

    expect(buildSite({ root, target: outDir, mode: 'standalone' }).dependencies).toEqual({ '@wix/data': '^1.0.0' });
    expect(listFiles(outDir)).toContain('src/backend/wix-sdk/site-family.js');
    write('src/backend/inbox-family.ts', 'export const family = 1;\n');
    expect(() => buildSite({ root, target: outDir, mode: 'standalone' })).toThrow(/re-exports no adapter family/);
  });
});

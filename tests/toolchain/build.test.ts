import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative, sep } from 'node:path';
import ts from 'typescript';
import { buildSite, isSkipped, outputName, unusedFamilyFolder } from '../../scripts/build-site';

const repoRoot = join(__dirname, '..', '..');
const fixtureRoot = join(__dirname, 'fixtures', 'site');
const dependencies = Object.keys(
  (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> })
    .dependencies ?? {},
);

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/** Every module specifier a JavaScript file imports or re-exports, read by the TypeScript scanner (static and dynamic). */
function importSpecifiers(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/**
 * Why a specifier in an emitted file would not load on Velo, or undefined when it would: Velo module names (`wix-*`),
 * `backend/…` / `public/…` and relative paths that name an emitted file (as written, or with `.js` added), and npm
 * packages the site installs (package.json `dependencies`).
 */
function importProblem(outDir: string, fromFile: string, specifier: string, emitted: ReadonlySet<string>): string | undefined {
  const resolvesTo = (target: string) => emitted.has(target) || emitted.has(`${target}.js`);
  if (specifier.startsWith('./') || specifier.startsWith('../')) {
    const target = posix.normalize(posix.join(posix.dirname(fromFile), specifier));
    return resolvesTo(target) ? undefined : `relative import ${specifier} names no emitted file`;
  }
  if (specifier.startsWith('backend/') || specifier.startsWith('public/')) {
    return resolvesTo(`src/${specifier}`) ? undefined : `${specifier} names no emitted file under ${outDir}/src`;
  }
  if (/^wix-[a-z0-9-]+(\.v\d+)?$/.test(specifier)) return undefined;
  if (dependencies.includes(packageName(specifier))) return undefined;
  return `${specifier} is neither a Velo module, a site path, nor a package.json dependency`;
}

function importProblems(outDir: string): string[] {
  const files = listFiles(outDir);
  const emitted = new Set(files);
  const problems: string[] = [];
  for (const file of files.filter((f) => f.endsWith('.js') || f.endsWith('.jsw'))) {
    for (const specifier of importSpecifiers(readFileSync(join(outDir, file), 'utf8'))) {
      const problem = importProblem(outDir, file, specifier, emitted);
      if (problem) problems.push(`${file}: ${problem}`);
    }
  }
  return problems;
}

function expectedOutputs(root: string): string[] {
  const unusedFamily = unusedFamilyFolder(join(root, 'src'));
  return listFiles(join(root, 'src'))
    .map((f) => `src/${f}`)
    .filter((f) => !isSkipped(f) && (unusedFamily === undefined || !f.startsWith(unusedFamily)))
    .map((f) => (f.endsWith('.ts') ? outputName(f) : f));
}

let outDir: string;
beforeEach(() => {
  outDir = join(mkdtempSync(join(tmpdir(), 'build-site-')), 'site');
});
afterEach(() => {
  rmSync(dirname(outDir), { recursive: true, force: true });
});

describe('build-site on the fixture site', () => {
  it('emits one .js per source .ts, renames .jsw.ts to .jsw, and copies config files', () => {
    const { files } = buildSite({ root: fixtureRoot, outDir });

    expect(files).toEqual(listFiles(outDir));
    expect(files).toEqual(
      [
        'wix.config.json',
        'src/backend/format.js',
        'src/backend/greeting.web.js',
        'src/backend/jobs.config',
        'src/backend/legacy.jsw',
        'src/backend/permissions.json',
        'src/pages/Home.abc12.js',
        'src/public/strings.js',
        'src/styles/global.css',
      ].sort(),
    );
    for (const copied of ['wix.config.json', 'src/backend/permissions.json', 'src/backend/jobs.config', 'src/styles/global.css']) {
      expect(readFileSync(join(outDir, copied), 'utf8')).toBe(readFileSync(join(fixtureRoot, copied), 'utf8'));
    }
  });

  it('leaves no TypeScript, declaration or test file in the output', () => {
    buildSite({ root: fixtureRoot, outDir });

    const files = listFiles(outDir);
    expect(files.filter((f) => f.endsWith('.ts'))).toEqual([]);
    expect(files.some((f) => f.includes('ambient') || f.includes('.spec.'))).toBe(false);
  });

  it('keeps every import specifier exactly as written and drops type-only imports', () => {
    buildSite({ root: fixtureRoot, outDir });

    const read = (f: string) => importSpecifiers(readFileSync(join(outDir, f), 'utf8'));
    expect(read('src/pages/Home.abc12.js')).toEqual(['backend/greeting.web', 'public/strings', 'zod']);
    expect(read('src/backend/greeting.web.js')).toEqual(['wix-web-module', './format']);
    expect(read('src/backend/legacy.jsw')).toEqual(['wix-crm-backend', 'backend/format']);
    expect(readFileSync(join(outDir, 'src/backend/greeting.web.js'), 'utf8')).not.toMatch(/\bTone\b/);
    expect(importProblems(outDir)).toEqual([]);
  });

  it('emits ES2020 module syntax: import/export stay, types and TS-only syntax go', () => {
    buildSite({ root: fixtureRoot, outDir });

    const js = readFileSync(join(outDir, 'src/backend/format.js'), 'utf8');
    expect(js).toMatch(/^export function formatGreeting\(name, tone = 'plain'\)/m);
    expect(js).not.toMatch(/interface|: string|require\(/);
  });

  it('empties the output directory first', () => {
    buildSite({ root: fixtureRoot, outDir });
    const stale = join(outDir, 'src', 'backend', 'stale.js');
    writeFileSync(stale, 'export {};');

    buildSite({ root: fixtureRoot, outDir });

    expect(existsSync(stale)).toBe(false);
  });

  it('refuses an output directory that would delete the sources', () => {
    expect(() => buildSite({ root: fixtureRoot, outDir: fixtureRoot })).toThrow(/refusing/);
    expect(() => buildSite({ root: fixtureRoot, outDir: join(fixtureRoot, 'src', 'out') })).toThrow(/refusing/);
  });

  it('names the import problems it is meant to catch', () => {
    const emitted = new Set(['src/backend/a.js', 'src/backend/b.web.js']);
    expect(importProblem('out', 'src/backend/a.js', './b.web', emitted)).toBeUndefined();
    expect(importProblem('out', 'src/backend/a.js', 'backend/b.web', emitted)).toBeUndefined();
    expect(importProblem('out', 'src/backend/a.js', 'wix-inbox.v2', emitted)).toBeUndefined();
    expect(importProblem('out', 'src/backend/a.js', './missing', emitted)).toMatch(/names no emitted file/);
    expect(importProblem('out', 'src/backend/a.js', 'backend/b', emitted)).toMatch(/names no emitted file/);
    expect(importProblem('out', 'src/backend/a.js', 'lodash', emitted)).toMatch(/neither/);
    expect(importProblem('out', 'src/backend/a.js', '../../emulator/velo/wix-auth', emitted)).toMatch(/names no emitted file/);
  });
});

describe('build-site on the repository', () => {
  it('builds src/ through the npm script entry point into the --out directory', () => {
    const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
    const run = spawnSync(tsx, [join(repoRoot, 'scripts', 'build-site.ts'), '--out', outDir], {
      cwd: repoRoot,
      encoding: 'utf8',
    });

    // stderr rides along so a failing build shows its message in the assertion diff.
    expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 0 });
    expect(listFiles(outDir)).toEqual(expectedOutputs(repoRoot).concat('wix.config.json').sort());
  });

  it('emits imports that all load on Velo', () => {
    buildSite({ root: repoRoot, outDir });

    expect(importProblems(outDir)).toEqual([]);
  });

  it('ships only the adapter family inbox-family.ts names: the Velo family leaves the SDK family out', () => {
    const { files } = buildSite({ root: repoRoot, outDir });
    expect(files).toContain('src/backend/inbox-family.js');
    expect(files).toContain('src/backend/wix/velo-directory.js');
    expect(files.filter((f) => f.startsWith('src/backend/wix-sdk/'))).toEqual([]);
  });

  it('ships the SDK family when inbox-family.ts names it, and refuses a switch that names no family', () => {
    const root = join(dirname(outDir), 'sdk-site');
    const write = (rel: string, text: string) => {
      mkdirSync(dirname(join(root, rel)), { recursive: true });
      writeFileSync(join(root, rel), text);
    };
    write('wix.config.json', '{"siteId":"s"}');
    write('src/backend/wix-sdk/site-family.ts', 'export const sdkSiteFamily = 1;\n');
    write('src/backend/wix/composition.ts', 'export const veloFamily = 1;\n');
    write('src/backend/inbox-family.ts', "export { sdkSiteFamily as family } from './wix-sdk/site-family';\n");
    expect(buildSite({ root, outDir }).files).toContain('src/backend/wix-sdk/site-family.js');
    write('src/backend/inbox-family.ts', 'export const family = 1;\n');
    expect(() => buildSite({ root, outDir })).toThrow(/re-exports no adapter family/);
  });
});

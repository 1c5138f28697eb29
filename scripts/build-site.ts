/**
 * Emits the deployable Velo site: every `.ts` under `src/` → one ES-module `.js` under `<out>/src/`, plus config files.
 *
 *   npm run build                         → dist/site/
 *   tsx scripts/build-site.ts --out DIR   → DIR (or BUILD_SITE_OUT=DIR); --root DIR builds another site tree
 *
 * Why `ts.transpileModule` per file and not `tsc -p tsconfig.build.json`: Velo wants one JS file per source file with
 * every import specifier untouched (`backend/…`, `public/…`, `wix-*`), which is exactly what single-file transpiling
 * does, and it needs no program-wide type information — type checking is `npm run typecheck`'s job. It is also
 * fast, and it lets the build rename outputs (`x.jsw.ts` → `x.jsw`) without a post-pass over a tsc output tree.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export interface BuildOptions {
  /** The site root: holds `wix.config.json` and `src/`. */
  readonly root: string;
  /** Output directory; emptied first. */
  readonly outDir: string;
}

export interface BuildResult {
  /** Output paths relative to `outDir`, sorted, `/`-separated. */
  readonly files: readonly string[];
}

/** Velo's runtime (frontend and backend) runs ES2020; `ESNext` modules keep `import`/`export` as written. */
const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2020,
  module: ts.ModuleKind.ESNext,
  isolatedModules: true,
  esModuleInterop: true,
  useDefineForClassFields: true,
};

/** Site-root files Wix CLI needs beside `src/`. */
const ROOT_FILES = ['wix.config.json'];

export function buildSite(options: BuildOptions): BuildResult {
  const root = resolve(options.root);
  const outDir = resolve(options.outDir);
  const srcDir = join(root, 'src');
  assertSafeOutDir(root, outDir);
  if (!existsSync(srcDir)) throw new Error(`build-site: no src/ directory in ${root}`);

  rmSync(outDir, { recursive: true, force: true });
  const written = new Map<string, string>();
  const emit = (outRel: string, from: string, write: (target: string) => void) => {
    const previous = written.get(outRel);
    if (previous !== undefined) throw new Error(`build-site: ${from} and ${previous} both emit ${outRel}`);
    written.set(outRel, from);
    const target = join(outDir, outRel);
    mkdirSync(dirname(target), { recursive: true });
    write(target);
  };

  for (const name of ROOT_FILES) {
    const from = join(root, name);
    if (!existsSync(from)) throw new Error(`build-site: missing ${name} in ${root}`);
    emit(name, name, (target) => copyFileSync(from, target));
  }

  const unusedFamily = unusedFamilyFolder(srcDir);
  for (const file of walk(srcDir)) {
    const rel = toPosix(relative(root, file));
    if (isSkipped(rel)) continue;
    if (unusedFamily !== undefined && rel.startsWith(unusedFamily)) continue;
    if (rel.endsWith('.ts')) {
      const js = transpile(file);
      emit(outputName(rel), rel, (target) => writeFileSync(target, js));
    } else {
      emit(rel, rel, (target) => copyFileSync(file, target));
    }
  }
  return { files: [...written.keys()].sort() };
}

/** `x.jsw.ts` → `x.jsw` (Velo's legacy web-module extension); every other `x.ts` → `x.js` (so `x.web.ts` → `x.web.js`). */
export function outputName(relPath: string): string {
  if (relPath.endsWith('.jsw.ts')) return relPath.slice(0, -'.ts'.length);
  return `${relPath.slice(0, -'.ts'.length)}.js`;
}

/** Declarations, tests and test helpers never ship. */
export function isSkipped(relPath: string): boolean {
  if (relPath.endsWith('.d.ts')) return true;
  if (/\.(test|spec)\.[cm]?[jt]s$/.test(relPath)) return true;
  return relPath.split('/').some((part) => part === '__tests__' || part === '__mocks__');
}

/**
 * The adapter family the site does not use, read from `src/backend/inbox-family.ts` (the one switch): its folder is left
 * out of the deployed tree, so a Velo-family site never needs the SDK's packages installed. (The Velo family's folder
 * also holds what both families share, so it always ships.) Undefined for a site without that file.
 */
export function unusedFamilyFolder(srcDir: string): string | undefined {
  const switchFile = join(srcDir, 'backend', 'inbox-family.ts');
  if (!existsSync(switchFile)) return undefined;
  const from = /^export\s*\{[^}]*\}\s*from\s*'\.\/(wix|wix-sdk)\//m.exec(readFileSync(switchFile, 'utf8'))?.[1];
  if (from === undefined) throw new Error(`build-site: ${switchFile} re-exports no adapter family from ./wix/ or ./wix-sdk/`);
  return from === 'wix' ? 'src/backend/wix-sdk/' : undefined;
}

function transpile(file: string): string {
  const output = ts.transpileModule(readFileSync(file, 'utf8'), {
    compilerOptions: COMPILER_OPTIONS,
    fileName: file,
    reportDiagnostics: true,
  });
  const errors = (output.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    const text = ts.formatDiagnostics(errors, {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => process.cwd(),
      getNewLine: () => '\n',
    });
    throw new Error(`build-site: cannot transpile ${file}\n${text}`);
  }
  return output.outputText;
}

function* walk(dir: string): Generator<string> {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

/** The output directory is deleted first: refuse anything that would delete the sources. */
function assertSafeOutDir(root: string, outDir: string): void {
  const inside = (child: string, parent: string) => child === parent || child.startsWith(parent + sep);
  if (inside(root, outDir) || inside(outDir, join(root, 'src'))) {
    throw new Error(`build-site: refusing to use ${outDir} as output: it contains or is inside the site sources`);
  }
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

function parseArgs(argv: readonly string[]): { root?: string; out?: string } {
  const args: { root?: string; out?: string } = {};
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    if ((flag === '--out' || flag === '--root') && value !== undefined) {
      args[flag === '--out' ? 'out' : 'root'] = value;
      i += 1;
    } else {
      throw new Error(`build-site: unknown argument ${String(flag)} (usage: build-site [--root DIR] [--out DIR])`);
    }
  }
  return args;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const root = resolve(args.root ?? join(__dirname, '..'));
  const outDir = resolve(args.out ?? process.env.BUILD_SITE_OUT ?? join(root, 'dist', 'site'));
  const { files } = buildSite({ root, outDir });
  console.log(`build-site: ${files.length} files → ${relative(process.cwd(), outDir) || '.'}`);
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}

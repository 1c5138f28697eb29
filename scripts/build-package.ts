/**
 * `npm run build:package` (run by `npm pack` through `prepack`): velo-inbox for plain Node, in dist/package.
 *
 * CommonJS and declarations come from TypeScript (tsconfig.package.json). The ES module entry is a thin wrapper that
 * imports the CommonJS build and re-exports its names — Node's own advice for a dual package, so `import` and
 * `require` share one module instance (no "dual package hazard": one InboxError class, whichever way it is loaded).
 */
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import ts from 'typescript';

const root = join(__dirname, '..');
const outDir = join(root, 'dist', 'package');

function compile(): void {
  const configPath = join(root, 'tsconfig.package.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error(`build-package: cannot read ${configPath}`);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  const emitted = program.emit();
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics, ...parsed.errors];
  if (diagnostics.length > 0) {
    const host = { getCanonicalFileName: (f: string) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' };
    throw new Error(`build-package: TypeScript reports\n${ts.formatDiagnostics(diagnostics, host)}`);
  }
}

/** The ES module entry: every name the CommonJS entry exports, read from the built module itself. */
function esmEntry(cjsEntry: string): string {
  const names = Object.keys(createRequire(__filename)(cjsEntry) as Record<string, unknown>).filter((n) => n !== 'default' && n !== '__esModule');
  return [
    '// ES module entry of velo-inbox: the CommonJS build, re-exported (one module instance for import and require).',
    "import cjs from './index.js';",
    '',
    ...names.map((name) => `export const ${name} = cjs.${name};`),
    '',
  ].join('\n');
}

export function buildPackage(): string[] {
  rmSync(outDir, { recursive: true, force: true });
  compile();
  const entry = join(outDir, 'node', 'index.js');
  const esm = esmEntry(entry);
  writeFileSync(join(outDir, 'node', 'index.mjs'), esm);
  return esm.split('\n').filter((line) => line.startsWith('export const'));
}

if (require.main === module) {
  try {
    const exported = buildPackage();
    console.log(`build-package: dist/package (CommonJS, ES module entry, .d.ts): ${exported.length} runtime exports`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}

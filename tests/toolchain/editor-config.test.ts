import { dirname, join } from 'node:path';
import ts from 'typescript';
import { listFiles } from '../../scripts/build/plan-build';

const repoRoot = join(__dirname, '..', '..');

/**
 * Editors type-check a file with the tsconfig.json nearest to it (TypeScript's language service walks up from the
 * file). Page and public code must land in a config with the page environment; otherwise the editor shows errors
 * (`$w` unknown, `backend/…` unresolved) that `npm run typecheck` does not.
 */
function editorConfig(file: string): { config: string; parsed: ts.ParsedCommandLine } {
  const config = file.endsWith('.json') ? file : ts.findConfigFile(dirname(file), ts.sys.fileExists);
  if (!config) throw new Error(`no tsconfig.json above ${file}`);
  const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d: ts.Diagnostic) => { throw new Error(String(d.messageText)); } };
  const parsed = ts.getParsedCommandLineOfConfigFile(config, {}, host);
  if (!parsed) throw new Error(`cannot read ${config}`);
  return { config, parsed };
}

describe('editor configuration', () => {
  it('gives every page and public file the page config npm run typecheck checks them with', () => {
    const dirs = ['src/pages', 'src/public'];
    const files = dirs.flatMap((dir) => listFiles(join(repoRoot, dir)).filter((f) => f.endsWith('.ts')).map((f) => ({ file: join(repoRoot, dir, f), dir })));
    const typecheck = editorConfig(join(repoRoot, 'tsconfig.pages.json')); // found as itself: the file npm run typecheck passes to tsc -p

    for (const { file, dir } of files) {
      const { config, parsed } = editorConfig(file);
      expect({ file, config }).toEqual({ file, config: join(repoRoot, dir, 'tsconfig.json') });
      expect(parsed.fileNames).toContain(file);
      expect(parsed.options).toEqual({ ...typecheck.parsed.options, configFilePath: config });
    }
  });
});

import ts from 'typescript';
import { BuildStop } from './plan';

/**
 * Stops the build when a site file it merges into is not valid JavaScript: composing into it (renaming a handler,
 * appending a block) could land velo-inbox's block inside the site's unfinished code, and Wix would load neither.
 */
export function assertParses(text: string, file: string): void {
  const { diagnostics = [] } = ts.transpileModule(text, { fileName: file.replace(/\.jsw?$/, '.js'), reportDiagnostics: true, compilerOptions: { allowJs: true, module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2020 } });
  const [first] = diagnostics;
  if (!first) return;
  const line = first.file && first.start !== undefined ? first.file.getLineAndCharacterOfPosition(first.start).line + 1 : undefined;
  throw new BuildStop(`${file}${line === undefined ? '' : `, line ${line}`}: not valid JavaScript (${ts.flattenDiagnosticMessageText(first.messageText, ' ')}), so the build will not merge into it. Fix it, then build again.`);
}

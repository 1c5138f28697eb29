import { posix } from 'node:path';
import ts from 'typescript';
import { BuildStop } from './plan';

/** Velo's runtime (frontend and backend) runs ES2020; `ESNext` modules keep `import`/`export` as written. */
const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2020,
  module: ts.ModuleKind.ESNext,
  isolatedModules: true,
  esModuleInterop: true,
  useDefineForClassFields: true,
};

/**
 * The first line of every JavaScript file the build writes. It is how a later build knows the file is its own (to
 * replace or remove it) and how a reader knows not to edit it.
 */
export const OUTPUT_HEADER_PREFIX = '// velo-inbox build output';

export function outputHeader(sourcePath: string): string {
  return `${OUTPUT_HEADER_PREFIX} from ${sourcePath}: edit the TypeScript source in velo-inbox, not this file.\n`;
}

export function isBuildOutput(text: string): boolean {
  return text.startsWith(OUTPUT_HEADER_PREFIX);
}

/**
 * `x.ts` under `src/` → ES module JavaScript. Relative imports become the site paths Wix resolves (`./delivery` in
 * `src/backend/inbox/send.ts` → `backend/inbox/delivery`): Wix's Git Integration docs say to import backend code as
 * `backend/<file>`, and that importing by the path relative to the repo does not work. Everything else is kept as
 * written (`wix-*`, `backend/…`, `public/…`, npm packages); type-only imports disappear.
 */
export function transpile(source: string, sourcePath: string): string {
  const output = ts.transpileModule(source, {
    compilerOptions: COMPILER_OPTIONS,
    fileName: sourcePath,
    reportDiagnostics: true,
    transformers: { after: [siteSpecifiers(sourcePath)] },
  });
  const errors = (output.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    const text = ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => '', getNewLine: () => '\n' });
    throw new Error(`build-site: cannot transpile ${sourcePath}\n${text}`);
  }
  return outputHeader(sourcePath) + output.outputText;
}

/** `./x` seen from `src/backend/a/b.ts` → `backend/a/x`; a path that leaves `src/backend` or `src/public` stops the build. */
export function siteSpecifier(fromPath: string, specifier: string): string {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return specifier;
  const target = posix.normalize(posix.join(posix.dirname(fromPath), specifier));
  const match = /^src\/(backend|public)\/(.+)$/.exec(target);
  if (!match) throw new BuildStop(`${fromPath}: '${specifier}' points outside src/backend and src/public; Wix cannot load it.`);
  return `${match[1]}/${match[2]}`.replace(/\.(js|ts)$/, '');
}

function siteSpecifiers(sourcePath: string): ts.TransformerFactory<ts.SourceFile> {
  return (context) => {
    const { factory } = context;
    const rewrite = (literal: ts.Expression | undefined) =>
      literal && ts.isStringLiteral(literal) ? factory.createStringLiteral(siteSpecifier(sourcePath, literal.text), true) : literal;
    const visit = (node: ts.Node): ts.Node => {
      if (ts.isImportDeclaration(node)) {
        return factory.updateImportDeclaration(node, node.modifiers, node.importClause, rewrite(node.moduleSpecifier) as ts.Expression, node.attributes);
      }
      if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
        return factory.updateExportDeclaration(node, node.modifiers, node.isTypeOnly, node.exportClause, rewrite(node.moduleSpecifier), node.attributes);
      }
      if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments.length === 1) {
        return factory.updateCallExpression(node, node.expression, node.typeArguments, [rewrite(node.arguments[0]) as ts.Expression]);
      }
      return ts.visitEachChild(node, visit, context);
    };
    return (file) => ts.visitEachChild(file, visit, context) as ts.SourceFile;
  };
}

/** Every module specifier a JavaScript file imports or re-exports (static and dynamic), read by TypeScript's scanner. */
export function importSpecifiers(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

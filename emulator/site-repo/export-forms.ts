import ts from 'typescript';

/**
 * Which exports of `events.js` (also `data.js`, `routers.js`) Wix calls. Wix's "Module Export Syntax" page
 * (dev.wix.com/docs/develop-websites-sdk/code-your-site/code-with-java-script/module-export-syntax) lists what is not
 * supported in these files — re-exporting an imported function (`export const X = myFunction`), dynamic exports
 * (`export const X = pkg.router(…)`), exports wrapped in objects (`export const X = hooks.beforeInsert`) and CommonJS
 * exports — and ends "functions exported using a syntax that isn't supported aren't called by the triggering event".
 * Its supported alternatives are `export function X(…)` and `export const X = (…) => …`; other ES module forms are
 * allowed "as part of the ES6 module export syntax", so a function expression (`export const X = function (…) {…}`)
 * is called too. Stricter here than the page's words: any export list (`export { a as X }`, `export { X }`) and
 * `export *` count as re-exports (the page shows none of them working, and ARCHITECTURE rule 6 says they never are).
 */
export type NotCalledReason = 're-export' | 'renamed export' | 'export list' | 'dynamic export' | 'object-wrapped export' | 'CommonJS export';

export interface HandlerExport {
  readonly name: string;
  readonly line: number;
}

export interface NotCalledExport extends HandlerExport {
  readonly reason: NotCalledReason;
}

export interface ExportForms {
  /** Exports in a form Wix calls, by name. */
  readonly called: readonly HandlerExport[];
  /** Exports Wix never calls, with why. */
  readonly notCalled: readonly NotCalledExport[];
  /** `export * from '…'` statements: every name they supply is a re-export (known only once the module is loaded). */
  readonly exportStars: readonly { readonly from: string; readonly line: number }[];
}

/** The files whose exports Wix calls by name under the Module Export Syntax rule (backend/ root). */
export const EXPORT_RULE_FILES: readonly string[] = ['events.js', 'data.js', 'routers.js'];

/** Reads the export forms of one file's source (JavaScript, as it ships) with the TypeScript parser. */
export function readExportForms(text: string, file: string): ExportForms {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const called: HandlerExport[] = [];
  const notCalled: NotCalledExport[] = [];
  const exportStars: { from: string; line: number }[] = [];

  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      const from = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      const clause = statement.exportClause;
      if (!clause) {
        exportStars.push({ from: from ?? '?', line: lineOf(statement) });
        continue;
      }
      if (ts.isNamespaceExport(clause)) {
        notCalled.push({ name: clause.name.text, line: lineOf(statement), reason: 're-export' });
        continue;
      }
      for (const element of clause.elements) {
        const name = element.name.text;
        const local = element.propertyName?.getText(source);
        const reason: NotCalledReason = from !== undefined ? 're-export' : local !== undefined && local !== name ? 'renamed export' : 'export list';
        notCalled.push({ name, line: lineOf(element), reason });
      }
      continue;
    }
    if (ts.isFunctionDeclaration(statement) && hasExport(statement) && statement.name && !hasDefault(statement)) {
      called.push({ name: statement.name.text, line: lineOf(statement) });
      continue;
    }
    if (ts.isVariableStatement(statement) && hasExport(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name)) continue;
        const name = declaration.name.text;
        const line = lineOf(declaration);
        const reason = initializerReason(declaration.initializer);
        if (reason === undefined) called.push({ name, line });
        else notCalled.push({ name, line, reason });
      }
      continue;
    }
    if (ts.isExportAssignment(statement) && ts.isObjectLiteralExpression(statement.expression)) {
      for (const property of statement.expression.properties) {
        const name = property.name && !ts.isComputedPropertyName(property.name) ? property.name.getText(source) : undefined;
        if (name !== undefined) notCalled.push({ name, line: lineOf(property), reason: 'object-wrapped export' });
      }
      continue;
    }
    if (ts.isExpressionStatement(statement)) notCalled.push(...commonJsExports(statement, lineOf));
  }
  return { called, notCalled, exportStars };
}

/** Why `export const X = <initializer>` is not called, or undefined when it is a function Wix calls. */
function initializerReason(initializer: ts.Expression | undefined): NotCalledReason | undefined {
  let value = initializer;
  while (value && ts.isParenthesizedExpression(value)) value = value.expression;
  if (value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value))) return undefined;
  if (value && ts.isIdentifier(value)) return 're-export';
  if (value && (ts.isPropertyAccessExpression(value) || ts.isElementAccessExpression(value) || ts.isObjectLiteralExpression(value))) {
    return 'object-wrapped export';
  }
  return 'dynamic export';
}

/** `module.exports = {…}`, `module.exports.X = …`, `exports.X = …`: CommonJS, never called. */
function commonJsExports(statement: ts.ExpressionStatement, lineOf: (node: ts.Node) => number): NotCalledExport[] {
  const expression = statement.expression;
  if (!ts.isBinaryExpression(expression) || expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return [];
  const target = expression.left.getText();
  const line = lineOf(statement);
  const named = /^(?:module\.)?exports\.([A-Za-z_$][\w$]*)$/.exec(target);
  if (named?.[1]) return [{ name: named[1], line, reason: 'CommonJS export' }];
  if (target !== 'module.exports') return [];
  if (!ts.isObjectLiteralExpression(expression.right)) return [{ name: 'module.exports', line, reason: 'CommonJS export' }];
  return expression.right.properties.flatMap((property) =>
    property.name && !ts.isComputedPropertyName(property.name) ? [{ name: property.name.getText(), line: lineOf(property), reason: 'CommonJS export' as const }] : [],
  );
}

function hasExport(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function hasDefault(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

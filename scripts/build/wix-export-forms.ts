import ts from 'typescript';

/**
 * The export forms Wix calls in `events.js` (also `data.js`, `routers.js` and service-plugin files), from Wix's page
 * "Module Export Syntax" (dev.wix.com/docs/develop-websites-sdk/code-your-site/code-with-java-script/module-export-syntax):
 * only the documented `export function X(event) { … }` and `export const X = (event) => …` are called. Re-exports,
 * export lists, dynamic exports (a value that needs an expression to run), exports wrapped in objects and CommonJS
 * exports "aren't called by the triggering event".
 *
 * Kept apart from the build so that anything loading a site as Wix does (the build's own checks, an emulator loader)
 * can apply the same rule. Where Wix's page is silent the stricter reading is taken and said in `why`.
 */
export type ExportForm =
  /** `export function X(…)`, `export async function X(…)`: called. */
  | 'function'
  /** `export const X = (…) => …` (async too), one declarator: called. */
  | 'const-arrow'
  /** `export const X = function (…) { … }`: not in Wix's examples; taken as not called (stricter). */
  | 'const-function-expression'
  /** `export const X = make()`, `export const X = other`, `export let X = …`: a value that needs running. */
  | 'dynamic'
  /** `export const X = handlers.x`, `export const { X } = handlers`: a function reached through an object. */
  | 'object-wrapped'
  /** `export { a as X }`, `export { X }`: an export list. */
  | 'export-list'
  /** `export { X } from 'm'`, `export * as X from 'm'`. */
  | 're-export'
  /** `export * from 'm'`: may supply any name; `name` is `*`. */
  | 'star-re-export'
  /** `export default …`: Wix calls handlers by name, never a default export. */
  | 'default'
  /** `export class X`: not a handler. */
  | 'class'
  /** `module.exports = …`, `exports.X = …`. */
  | 'commonjs';

export interface FoundExport {
  /** The exported name (`*` for `export * from`, `default` for a default export). */
  readonly name: string;
  readonly form: ExportForm;
  /** Whether Wix calls it when its event fires. */
  readonly calledByWix: boolean;
  /** 1-based line of the statement. */
  readonly line: number;
  /** The statement's first line, as written. */
  readonly text: string;
  /** For re-exports: the module named. */
  readonly from?: string;
  /** Why Wix does not call it (undefined when it does). */
  readonly why?: string;
}

const CALLED: ReadonlySet<ExportForm> = new Set(['function', 'const-arrow']);

const WHY: Record<ExportForm, string | undefined> = {
  function: undefined,
  'const-arrow': undefined,
  'const-function-expression': "a function expression: Wix's page shows only `export const X = (event) => …`; taken as not called",
  dynamic: 'a dynamic export: its value needs an expression to run',
  'object-wrapped': 'an export wrapped in an object',
  'export-list': 'an export list (`export { a as X }`)',
  're-export': 'a re-export',
  'star-re-export': 'a re-export of everything a module exports',
  default: 'a default export (Wix calls handlers by name)',
  class: 'a class, not a function',
  commonjs: 'a CommonJS export',
};

/** Every export of a JavaScript module, in source order, with the form it is written in. */
export function findExports(source: string, file: string): FoundExport[] {
  const parsed = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const found: FoundExport[] = [];
  const add = (statement: ts.Node, name: string, form: ExportForm, from?: string) => {
    const start = statement.getStart(parsed);
    found.push({
      name,
      form,
      calledByWix: CALLED.has(form),
      line: parsed.getLineAndCharacterOfPosition(start).line + 1,
      text: source.slice(start, statement.getEnd()).split(/\r?\n/)[0] ?? '',
      ...(from === undefined ? {} : { from }),
      ...(WHY[form] === undefined ? {} : { why: WHY[form] }),
    });
  };
  for (const statement of parsed.statements) {
    if (ts.isExportDeclaration(statement)) {
      const from = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      const clause = statement.exportClause;
      if (!clause) add(statement, '*', 'star-re-export', from);
      else if (ts.isNamespaceExport(clause)) add(statement, clause.name.text, 're-export', from);
      else for (const element of clause.elements) add(statement, element.name.text, from === undefined ? 'export-list' : 're-export', from);
      continue;
    }
    if (ts.isExportAssignment(statement)) {
      add(statement, 'default', 'default');
      continue;
    }
    const commonJs = commonJsExportName(statement);
    if (commonJs !== undefined) {
      add(statement, commonJs, 'commonjs');
      continue;
    }
    if (!hasModifier(statement, ts.SyntaxKind.ExportKeyword)) continue;
    const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
    if (ts.isFunctionDeclaration(statement)) add(statement, isDefault ? 'default' : (statement.name?.text ?? 'default'), isDefault ? 'default' : 'function');
    else if (ts.isClassDeclaration(statement)) add(statement, isDefault ? 'default' : (statement.name?.text ?? 'default'), isDefault ? 'default' : 'class');
    else if (ts.isVariableStatement(statement)) {
      const isConst = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
      const single = statement.declarationList.declarations.length === 1;
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name)) {
          for (const name of bindingNames(declaration.name)) add(statement, name, 'object-wrapped');
          continue;
        }
        add(statement, declaration.name.text, variableForm(declaration.initializer, isConst && single));
      }
    }
  }
  return found;
}

/** The exports of a module Wix would not call, each with why. */
export function exportsWixDoesNotCall(source: string, file: string): FoundExport[] {
  return findExports(source, file).filter((e) => !e.calledByWix);
}

function variableForm(initializer: ts.Expression | undefined, constAlone: boolean): ExportForm {
  const value = initializer && skipParentheses(initializer);
  if (value && ts.isArrowFunction(value)) return constAlone ? 'const-arrow' : 'dynamic';
  if (value && ts.isFunctionExpression(value)) return 'const-function-expression';
  if (value && (ts.isPropertyAccessExpression(value) || ts.isElementAccessExpression(value))) return 'object-wrapped';
  return 'dynamic';
}

function skipParentheses(expression: ts.Expression): ts.Expression {
  return ts.isParenthesizedExpression(expression) ? skipParentheses(expression.expression) : expression;
}

/** `module.exports = …` → `*`; `module.exports.X = …` / `exports.X = …` → `X`. */
function commonJsExportName(statement: ts.Statement): string | undefined {
  if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) return undefined;
  if (statement.expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  const target = statement.expression.left;
  const isModuleExports = (node: ts.Node) =>
    ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'module' && node.name.text === 'exports';
  if (isModuleExports(target)) return '*';
  if (ts.isPropertyAccessExpression(target)) {
    const owner = target.expression;
    if (isModuleExports(owner) || (ts.isIdentifier(owner) && owner.text === 'exports')) return target.name.text;
  }
  return undefined;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

function bindingNames(pattern: ts.BindingName): string[] {
  if (ts.isIdentifier(pattern)) return [pattern.text];
  return pattern.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : bindingNames(e.name)));
}

import ts from 'typescript';

/**
 * Which exports of `events.js` (also `data.js`, `routers.js`) Wix calls: the one rule, used by the emulator's loader and
 * exported for a site's build tooling (which may import the emulator; the emulator imports no site's tooling).
 *
 * Wix's "Module Export Syntax" page
 * (dev.wix.com/docs/develop-websites-sdk/code-your-site/code-with-java-script/module-export-syntax) says: "You can also
 * use other export formats that are part of the ES6 (ES2015) module export syntax. However, the following export
 * formats are not supported": re-exporting an imported function (`export const X = myFunction`), dynamic exports ("a
 * dynamic operation or expression that requires execution to resolve", `export const X = pkg.router(…)`), exports
 * wrapped in objects (`export const X = hooks.beforeInsert`) and CommonJS exports — "functions exported using a syntax
 * that isn't supported aren't called by the triggering event". Its supported alternatives are `export function X(…)`
 * and `export const X = (…) => …`.
 *
 * So the value decides: a function written in place (a declaration, an arrow, a function expression) needs nothing to
 * run to resolve, is none of the unsupported kinds, and is called — `export const X = function (…) {…}` included, as
 * the page's general rule allows (it is not one of its examples: a reading, noted in README.md). Stricter than
 * the page's words: export lists (`export { a as X }`, `export { X }`) and `export *` count as re-exports (the page
 * shows none of them working; ARCHITECTURE rule 6), and a default export is never called (Wix calls handlers by name).
 *
 * Only exports named as Wix names what it calls are reported (`looksLikeHandler`): the page lists forms Wix does not
 * *call*, and Wix calls nothing but handlers, so a helper the site exports beside them (`export { formatName }`,
 * `export const slug = make()`) is no mistake and gets no report.
 */
export type NotCalledReason =
  | 're-export'
  | 'renamed export'
  | 'export list'
  | 'dynamic export'
  | 'object-wrapped export'
  | 'CommonJS export'
  | 'default export'
  | 'not a function';

/** How an export is written. */
export type ExportForm =
  /** `export function X(…)`, `export async function X(…)`: called. */
  | 'function'
  /** `export const X = (…) => …` / `= function (…) {…}` (async too; also `let`/`var`): called. */
  | 'function-value'
  /** `export const X = other`: re-exports a function defined elsewhere. */
  | 'reference'
  /** `export const X = make()`, anything else that needs running to tell what it is. */
  | 'dynamic'
  /** `export const TAX = 0.2`, a string, `null`, an array…: plainly no function, so no handler: never reported. */
  | 'constant'
  /** `export const X = handlers.x`, `export const { X } = handlers`, a property of `export default {…}`. */
  | 'object-wrapped'
  /** `export { X }`, `export { a as X }`. */
  | 'export-list'
  /** `export { X } from 'm'`, `export * as X from 'm'`. */
  | 're-export'
  /** `export * from 'm'`: may supply any name; `name` is `*`. */
  | 'star-re-export'
  /** `export default …` (not an object literal). */
  | 'default'
  /** `export class X`. */
  | 'class'
  /** `module.exports = …`, `exports.X = …`. */
  | 'commonjs';

export interface FoundExport {
  /** The exported name (`*` for `export * from`, `default` for a default export). */
  readonly name: string;
  readonly form: ExportForm;
  /** Whether Wix calls it when its event fires. */
  readonly calledByWix: boolean;
  /** Why Wix does not call it (undefined when it does). */
  readonly reason?: NotCalledReason;
  /** 1-based line. */
  readonly line: number;
  /** The first line of its statement, as written. */
  readonly text: string;
  /** For re-exports: the module named. */
  readonly from?: string;
  /** Whether `export * from` makes this name visible to an importer (false for default exports and their members). */
  readonly named: boolean;
  /** For `export default function X` / `export default class X`: X, the name a reader takes for a handler's. */
  readonly declared?: string;
}

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

/**
 * The names Wix calls in each file, as its pages name them: events.js "the Wix module and the name of the event,
 * separated by an underscore" (Define Backend Event Handlers; every event of the API reference is `on<Event>`:
 * `wixMembers_onMemberCreated`), data.js `<collectionName>_<hookName>` (Using Data Hooks: `before…`/`after…` and
 * `onFailure`), routers.js `<router-prefix>_<function-name>` (Coding with the Router API: `Router`, `SiteMap` and the
 * `beforeRouter`, `afterRouter`, `afterSitemap` hooks).
 */
const HANDLER_NAMES: Readonly<Record<string, RegExp>> = {
  'events.js': /^[A-Za-z$][\w$]*_on[A-Z0-9][\w$]*$/,
  'data.js': /^[A-Za-z$][\w$]*_(?:(?:before|after)[A-Z][\w$]*|onFailure)$/,
  'routers.js': /^[A-Za-z$][\w$]*_(?:Router|SiteMap|beforeRouter|afterRouter|afterSitemap)$/,
};

/**
 * Whether Wix would take `name` for a handler of `file` (by its base name). A file outside the rule's three (a service
 * plugin's, whose names are its interface's) counts every name.
 */
export function looksLikeHandler(name: string, file: string): boolean {
  const base = file.split(/[\\/]/).pop() ?? file;
  return !Object.hasOwn(HANDLER_NAMES, base) || (HANDLER_NAMES[base] as RegExp).test(name);
}

/** Whether an export is a handler written in a form Wix never calls: what the loader and the build report. */
function isReported(e: FoundExport, file: string): boolean {
  if (e.reason === undefined) return false;
  if (e.form === 'star-re-export') return true; // its names are known only once its module is read
  return looksLikeHandler(e.form === 'default' ? (e.declared ?? '') : e.name, file);
}

const REASON: Record<ExportForm, NotCalledReason | undefined> = {
  function: undefined,
  'function-value': undefined,
  reference: 're-export',
  dynamic: 'dynamic export',
  constant: undefined,
  'object-wrapped': 'object-wrapped export',
  'export-list': 'export list',
  're-export': 're-export',
  'star-re-export': 're-export',
  default: 'default export',
  class: 'not a function',
  commonjs: 'CommonJS export',
};

/** Every export of a JavaScript module (as it ships), in source order, with its form and whether Wix calls it. */
export function findExports(text: string, file: string): FoundExport[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const found: FoundExport[] = [];
  const add = (statement: ts.Node, at: ts.Node, name: string, form: ExportForm, extra: { from?: string; reason?: NotCalledReason; named?: boolean; declared?: string } = {}) => {
    const start = statement.getStart(source);
    const reason = extra.reason ?? REASON[form];
    found.push({
      name,
      form,
      calledByWix: reason === undefined && form !== 'constant',
      ...(reason === undefined ? {} : { reason }),
      line: source.getLineAndCharacterOfPosition(at.getStart(source)).line + 1,
      text: text.slice(start, statement.getEnd()).split(/\r?\n/)[0] ?? '',
      ...(extra.from === undefined ? {} : { from: extra.from }),
      named: extra.named ?? true,
      ...(extra.declared === undefined ? {} : { declared: extra.declared }),
    });
  };

  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      const from = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      const clause = statement.exportClause;
      if (!clause) add(statement, statement, '*', 'star-re-export', { from: from ?? '?' });
      else if (ts.isNamespaceExport(clause)) add(statement, statement, clause.name.text, 're-export', from === undefined ? {} : { from });
      else {
        for (const element of clause.elements) {
          const local = element.propertyName?.getText(source);
          if (from !== undefined) add(statement, element, element.name.text, 're-export', { from });
          else add(statement, element, element.name.text, 'export-list', local !== undefined && local !== element.name.text ? { reason: 'renamed export' } : {});
        }
      }
      continue;
    }
    if (ts.isExportAssignment(statement)) {
      if (!ts.isObjectLiteralExpression(statement.expression)) add(statement, statement, 'default', 'default', { named: false });
      else {
        for (const property of statement.expression.properties) {
          if (property.name && !ts.isComputedPropertyName(property.name)) add(statement, property, property.name.getText(source), 'object-wrapped', { named: false });
        }
      }
      continue;
    }
    if (ts.isExpressionStatement(statement)) {
      for (const { name, at } of commonJsExports(statement, source)) add(statement, at, name, 'commonjs');
      continue;
    }
    if (!hasModifier(statement, ts.SyntaxKind.ExportKeyword)) continue;
    const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
    if (isDefault && (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement))) add(statement, statement, 'default', 'default', { named: false, ...(statement.name ? { declared: statement.name.text } : {}) });
    else if (ts.isFunctionDeclaration(statement) && statement.name) add(statement, statement, statement.name.text, 'function');
    else if (ts.isClassDeclaration(statement) && statement.name) add(statement, statement, statement.name.text, 'class');
    else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) add(statement, declaration, declaration.name.text, valueForm(declaration.initializer));
        else for (const name of bindingNames(declaration.name)) add(statement, declaration, name, 'object-wrapped');
      }
    }
  }
  return found;
}

/**
 * The loader's view: what Wix calls, the handlers it never calls (with why; helpers in such forms are not reported),
 * and the `export *` whose names come at run time.
 */
export function readExportForms(text: string, file: string): ExportForms {
  const found = findExports(text, file);
  return {
    called: found.filter((e) => e.calledByWix).map(({ name, line }) => ({ name, line })),
    notCalled: found.filter((e) => e.form !== 'star-re-export' && isReported(e, file)).map((e) => ({ name: e.declared ?? e.name, line: e.line, reason: e.reason as NotCalledReason })),
    exportStars: found.filter((e) => e.form === 'star-re-export').map(({ from, line }) => ({ from: from ?? '?', line })),
  };
}

/**
 * The build's view: the exports named as handlers that Wix would not call, each with why, and every `export *` (the
 * handlers it may supply are known only once its module is read).
 */
export function exportsWixDoesNotCall(text: string, file: string): FoundExport[] {
  return findExports(text, file).filter((e) => isReported(e, file));
}

/** How `export const X = <initializer>` is written. */
function valueForm(initializer: ts.Expression | undefined): ExportForm {
  let value = initializer;
  while (value && ts.isParenthesizedExpression(value)) value = value.expression;
  if (value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value))) return 'function-value';
  if (value && ts.isIdentifier(value)) return 'reference';
  if (value && isPlainConstant(value)) return 'constant';
  if (value && (ts.isPropertyAccessExpression(value) || ts.isElementAccessExpression(value) || ts.isObjectLiteralExpression(value))) return 'object-wrapped';
  return 'dynamic';
}

/** A literal that is no function (a setting the site's handlers share), never a handler in an unsupported form. */
function isPlainConstant(value: ts.Expression): boolean {
  if (ts.isPrefixUnaryExpression(value)) return isPlainConstant(value.operand);
  return (
    ts.isStringLiteral(value) ||
    ts.isNumericLiteral(value) ||
    ts.isBigIntLiteral(value) ||
    ts.isNoSubstitutionTemplateLiteral(value) ||
    ts.isRegularExpressionLiteral(value) ||
    ts.isArrayLiteralExpression(value) ||
    [ts.SyntaxKind.TrueKeyword, ts.SyntaxKind.FalseKeyword, ts.SyntaxKind.NullKeyword].includes(value.kind)
  );
}

/** `module.exports = {…}`, `module.exports.X = …`, `exports.X = …`: CommonJS, never called. */
function commonJsExports(statement: ts.ExpressionStatement, source: ts.SourceFile): { name: string; at: ts.Node }[] {
  const expression = statement.expression;
  if (!ts.isBinaryExpression(expression) || expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return [];
  const target = expression.left.getText(source);
  const named = /^(?:module\.)?exports\.([A-Za-z_$][\w$]*)$/.exec(target);
  if (named?.[1]) return [{ name: named[1], at: statement }];
  if (target !== 'module.exports') return [];
  if (!ts.isObjectLiteralExpression(expression.right)) return [{ name: 'module.exports', at: statement }];
  return expression.right.properties.flatMap((property) =>
    property.name && !ts.isComputedPropertyName(property.name) ? [{ name: property.name.getText(source), at: property as ts.Node }] : [],
  );
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

function bindingNames(pattern: ts.BindingName): string[] {
  if (ts.isIdentifier(pattern)) return [pattern.text];
  return pattern.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : bindingNames(e.name)));
}

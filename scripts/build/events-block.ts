import ts from 'typescript';
import { locateBlock, placeBlock } from './marked-block';
import { BuildStop } from './plan';

/** Put in place of `export` on a site handler the build composes with its own; how the next build recognises it. */
export const COMPOSED_MARK = '/* velo-inbox: exported below, run before velo-inbox\'s handler */';

/** The name the block gives velo-inbox's export of handler `name` (an export list may rename; a declaration may not clash). */
const localName = (name: string) => `veloInbox_${name}`;

/**
 * The site's `events.js` with velo-inbox's handlers exported from the managed block. When the site exports a handler
 * of the same name, the two are composed: the site's declaration loses only its `export` keyword (replaced by
 * COMPOSED_MARK, so its code stays where and as it was), and the block exports one function that runs the site's
 * handler and then velo-inbox's (see `runSiteHandlerThen`). A form the build cannot rewrite safely stops the build with
 * the exact lines to write instead.
 */
export function mergeEvents(text: string, handlerNames: readonly string[], file = 'src/backend/events.js'): string {
  const { rest, at } = locateBlock(text, file);
  const source = ts.createSourceFile(file, rest, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const declared = topLevelNames(source);
  const reserved = ['veloInboxEvents', 'runSiteHandlerThen', ...handlerNames.map(localName)].filter((n) => declared.has(n));
  if (reserved.length > 0) {
    throw new BuildStop(`${file}: declares ${reserved.join(', ')}, which velo-inbox's block needs. Rename them in your events.js, then build again.`);
  }

  const composed: string[] = [];
  const edits: { start: number; end: number }[] = [];
  for (const statement of source.statements) {
    const modifiers = ts.canHaveModifiers(statement) ? (ts.getModifiers(statement) ?? []) : [];
    const exportKeyword = modifiers.find((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    const names = declaredNames(statement).filter((n) => handlerNames.includes(n));
    if (ts.isExportDeclaration(statement)) {
      const clashing = exportedNamesOf(statement).filter((n) => handlerNames.includes(n));
      if (clashing.length > 0) throw cannotCompose(file, clashing, statement.getText(source));
      continue;
    }
    if (names.length === 0) continue;
    if (exportKeyword) {
      if (declaredNames(statement).length !== 1 || modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) {
        throw cannotCompose(file, names, statement.getText(source));
      }
      edits.push({ start: exportKeyword.getStart(source), end: exportKeyword.getEnd() });
      composed.push(...names);
    } else if (leadingTrivia(source, statement).includes(COMPOSED_MARK)) {
      composed.push(...names);
    }
  }

  let edited = rest;
  let blockAt = at;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    edited = edited.slice(0, edit.start) + COMPOSED_MARK + edited.slice(edit.end);
    if (blockAt !== undefined && edit.start < blockAt) blockAt += COMPOSED_MARK.length - (edit.end - edit.start);
  }
  return placeBlock(edited, blockAt, blockBody(handlerNames, composed));
}

function blockBody(handlerNames: readonly string[], composed: readonly string[]): string[] {
  const lines = [`import * as veloInboxEvents from 'backend/inbox-events';`];
  if (composed.length > 0) lines.push(`import { runSiteHandlerThen } from 'backend/inbox-events';`);
  for (const name of handlerNames) {
    lines.push(
      composed.includes(name)
        ? `const ${localName(name)} = runSiteHandlerThen(${name}, veloInboxEvents.${name});`
        : `const ${localName(name)} = veloInboxEvents.${name};`,
    );
  }
  lines.push(`export {`, ...handlerNames.map((name) => `  ${localName(name)} as ${name},`), `};`);
  return lines;
}

function cannotCompose(file: string, names: readonly string[], statement: string): BuildStop {
  return new BuildStop(
    [
      `${file}: the site exports ${names.join(', ')} in a form the build does not rewrite:`,
      `    ${statement.split('\n')[0]}`,
      `velo-inbox exports a handler of that name too. Declare yours on its own and mark it so the build runs it first:`,
      ...names.map((n) => `    ${COMPOSED_MARK} function ${n}(event) { /* your code, or: return yourHandler(event); */ }`),
      `(remove ${names.join(', ')} from that export statement), then build again.`,
    ].join('\n'),
  );
}

function leadingTrivia(source: ts.SourceFile, node: ts.Node): string {
  return source.text.slice(node.getFullStart(), node.getStart(source));
}

/** The names a top-level statement declares (functions, classes, variables; not imports). */
function declaredNames(statement: ts.Statement): string[] {
  if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) return [statement.name.text];
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : bindingNames(d.name)));
  }
  return [];
}

function bindingNames(pattern: ts.BindingName): string[] {
  if (ts.isIdentifier(pattern)) return [pattern.text];
  return pattern.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : bindingNames(e.name)));
}

function topLevelNames(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of source.statements) {
    for (const n of declaredNames(statement)) names.add(n);
    if (ts.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause;
      if (clause.name) names.add(clause.name.text);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) for (const e of bindings.elements) names.add(e.name.text);
    }
  }
  return names;
}

/** `export { a as b }` / `export { b } from 'x'` → ['b']; `export * as b from 'x'` → ['b']. */
function exportedNamesOf(statement: ts.ExportDeclaration): string[] {
  const clause = statement.exportClause;
  if (!clause) return [];
  if (ts.isNamespaceExport(clause)) return [clause.name.text];
  return clause.elements.map((e) => e.name.text);
}

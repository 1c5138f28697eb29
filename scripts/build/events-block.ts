import ts from 'typescript';
import { assertNoInboxCallsOutsideBlock } from './inbox-calls-outside-block';
import { assertParses } from './js-syntax';
import { locateBlock, placeBlock } from './marked-block';
import { BuildStop } from './plan';
import { COMPOSED_MARK, OLD_COMPOSED_MARK, siteHandlerName } from './composed-names';
import { cannotCompose, declaredNotExported, namesTaken, referredToElsewhere } from './events-block-stops';
import { findExports, type FoundExport } from 'wix-emulator/site-repo';

export { COMPOSED_MARK, OLD_COMPOSED_MARK, siteHandlerName } from './composed-names';

/** The block's helper that runs a composed pair; a name the site's file must not declare. */
const RUN_BOTH = 'veloInbox_runSiteThenInbox';
const INBOX_MODULE = 'backend/inbox-events';

export interface EventsMerge {
  readonly text: string;
  /** The block's lines: velo-inbox's own code in the file (what the dependency check reads). */
  readonly blockLines: readonly string[];
  /** Handler names whose site handler the block runs first. */
  readonly composed: readonly string[];
}

/**
 * Reads a module of the site an `export * from '…'` names (`backend/x`, `./x`): its text, or undefined when it is not a
 * file of the site (an npm package, a Velo module) and so cannot be read.
 */
export type SiteModuleReader = (specifier: string) => string | undefined;

/**
 * The site's `events.js` with velo-inbox's handlers declared in the block, each as `export async function X(event)` —
 * the form Wix calls. velo-inbox's module is loaded inside the handler (`await import(…)`), so a module that fails to
 * load fails only its own handlers and never the site's.
 *
 * When the site exports a handler of the same name in a form Wix calls, the two are composed: the site's declaration
 * keeps its code where it was, loses `export` (replaced by COMPOSED_MARK) and gets the local name `site_X`; the block's
 * `export async function X` runs it, then velo-inbox's, and rethrows what failed afterwards. Anything the build cannot
 * rewrite safely — another reference to the name, a form Wix never calls, an `export *` that may supply the name —
 * stops the build with the exact lines to write.
 */
export function mergeEvents(text: string, handlerNames: readonly string[], file = 'src/backend/events.js', readSiteModule: SiteModuleReader = () => undefined): EventsMerge {
  assertParses(text, file);
  const located = locateBlock(text, file);
  assertNoInboxCallsOutsideBlock(located.rest, file);
  const restored = restoreSiteHandlers(located.rest, located.at, file);
  const source = parse(restored.text, file);
  const exports = findExports(restored.text, file);
  const declared = topLevelNames(source);

  const taken = [RUN_BOTH, ...handlerNames.map(siteHandlerName)].filter((n) => declared.has(n));
  if (taken.length > 0) throw namesTaken(file, taken, handlerNames);

  const edits: Edit[] = [];
  const composed: string[] = [];
  for (const name of handlerNames) {
    const mine = exports.filter((e) => e.name === name);
    if (mine.length === 0) {
      if (declared.has(name)) throw declaredNotExported(file, name);
      assertNoStarExportSupplies(file, name, exports, readSiteModule);
      continue;
    }
    const [only] = mine;
    if (mine.length > 1 || !only || !only.calledByWix) throw cannotCompose(file, name, mine);
    const declaration = handlerDeclaration(source, name);
    if (!declaration) throw cannotCompose(file, name, mine);
    const others = referencesTo(source, name, declaration.nameNode);
    if (others.length > 0) throw referredToElsewhere(file, name, others);
    edits.push({ start: declaration.exportKeyword.getStart(source), end: declaration.exportKeyword.getEnd(), text: COMPOSED_MARK });
    edits.push({ start: declaration.nameNode.getStart(source), end: declaration.nameNode.getEnd(), text: siteHandlerName(name) });
    composed.push(name);
  }

  const edited = applyEdits(restored.text, edits, restored.at);
  const blockLines = blockBody(handlerNames, composed);
  return { text: placeBlock(edited.text, { at: edited.at, blankBefore: located.blankBefore }, blockLines), blockLines, composed };
}

/**
 * The block: one `export async function X(event)` per handler. A composed handler runs the site's first, then
 * velo-inbox's, whatever the first did; errors are rethrown after both ran (both, when both failed).
 */
function blockBody(handlerNames: readonly string[], composed: readonly string[]): string[] {
  const lines = [
    `// Wix calls only handlers declared as \`export function X(event)\` (its "Module Export Syntax" page). velo-inbox's`,
    `// module is imported when an event comes, so if it fails to load, your own handlers still run.`,
  ];
  for (const name of handlerNames) {
    lines.push(`export async function ${name}(event) {`);
    if (composed.includes(name)) lines.push(`  return ${RUN_BOTH}('${name}', ${siteHandlerName(name)}, event);`);
    else lines.push(`  const inbox = await import('${INBOX_MODULE}');`, `  return inbox.${name}(event);`);
    lines.push(`}`);
  }
  if (composed.length > 0) {
    lines.push(
      `async function ${RUN_BOTH}(name, siteHandler, event) {`,
      `  const failures = [];`,
      `  try {`,
      `    await siteHandler(event);`,
      `  } catch (error) {`,
      `    failures.push(error);`,
      `  }`,
      `  try {`,
      `    const inbox = await import('${INBOX_MODULE}');`,
      `    await inbox[name](event);`,
      `  } catch (error) {`,
      `    failures.push(error);`,
      `  }`,
      `  if (failures.length === 1) throw failures[0];`,
      `  if (failures.length > 1) {`,
      `    const both = new Error(\`\${name}: your handler failed (\${String(failures[0])}) and velo-inbox's failed (\${String(failures[1])})\`);`,
      `    both.errors = failures;`,
      `    throw both;`,
      `  }`,
      `}`,
    );
  }
  return lines;
}

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** `text` with the edits made (none overlapping), and where position `at` (the block's place) moved to. */
function applyEdits(text: string, edits: readonly Edit[], at: number | undefined): { text: string; at: number | undefined } {
  let out = text;
  let moved = at;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    if (moved !== undefined && edit.end <= moved) moved += edit.text.length - (edit.end - edit.start);
  }
  return { text: out, at: moved };
}

/**
 * The file as the site wrote it: handlers an earlier build composed get their `export` and name back (COMPOSED_MARK
 * and `site_X`), and handlers a build before the event fix un-exported (OLD_COMPOSED_MARK) get their `export` back.
 * Composing again from there is what makes three builds equal one, and migrates an old build's output.
 */
function restoreSiteHandlers(text: string, at: number | undefined, file: string): { text: string; at: number | undefined } {
  const source = parse(text, file);
  const edits: Edit[] = [];
  for (const statement of source.statements) {
    const start = statement.getStart(source);
    const trivia = text.slice(statement.getFullStart(), start);
    for (const mark of [COMPOSED_MARK, OLD_COMPOSED_MARK]) {
      const markAt = trivia.lastIndexOf(mark);
      if (markAt === -1 || trivia.slice(markAt + mark.length).trim() !== '') continue;
      const absolute = statement.getFullStart() + markAt;
      edits.push({ start: absolute, end: absolute + mark.length, text: 'export' });
      if (mark === COMPOSED_MARK) {
        const nameNode = declaredNameNode(statement);
        if (nameNode && nameNode.text.startsWith(siteHandlerName(''))) {
          edits.push({ start: nameNode.getStart(source), end: nameNode.getEnd(), text: nameNode.text.slice(siteHandlerName('').length) });
        }
      }
    }
  }
  return applyEdits(text, edits, at);
}

function parse(text: string, file: string): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
}

/** The one identifier a function or single-declarator variable statement declares. */
function declaredNameNode(statement: ts.Statement): ts.Identifier | undefined {
  if (ts.isFunctionDeclaration(statement)) return statement.name;
  if (ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1) {
    const [declaration] = statement.declarationList.declarations;
    return declaration && ts.isIdentifier(declaration.name) ? declaration.name : undefined;
  }
  return undefined;
}

/** The site's `export function X` / `export const X = (…) =>` statement: its `export` keyword and its name. */
function handlerDeclaration(source: ts.SourceFile, name: string): { exportKeyword: ts.Node; nameNode: ts.Identifier } | undefined {
  for (const statement of source.statements) {
    const nameNode = declaredNameNode(statement);
    if (nameNode?.text !== name) continue;
    const modifiers = ts.canHaveModifiers(statement) ? (ts.getModifiers(statement) ?? []) : [];
    const exportKeyword = modifiers.find((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (exportKeyword && !modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) return { exportKeyword, nameNode };
  }
  return undefined;
}

/**
 * Lines (1-based) where an identifier `name` is used other than as the declaration itself: another function calling
 * the handler, an export list naming it. Read from the syntax tree, so property names (`event.x`), object keys and the
 * names other modules export do not count; a parameter or local of the same name does (the build would rather stop).
 */
function referencesTo(source: ts.SourceFile, name: string, declaration: ts.Identifier): number[] {
  const lines: number[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isIdentifier(node) && node.text === name && node !== declaration && isReference(node)) {
      lines.push(source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return lines;
}

function isReference(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === id) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isGetAccessor(parent) || ts.isSetAccessor(parent)) && parent.name === id) return false;
  if (ts.isImportSpecifier(parent) && parent.propertyName === id) return false;
  if (ts.isBindingElement(parent) && parent.propertyName === id) return false;
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return false;
  if (ts.isExportSpecifier(parent)) {
    const fromModule = parent.parent.parent.moduleSpecifier !== undefined;
    const localName = parent.propertyName ?? parent.name;
    return !fromModule && localName === id;
  }
  return true;
}

/** Every top-level binding of the file: declarations and imports. */
function topLevelNames(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const bind = (pattern: ts.BindingName) => {
    if (ts.isIdentifier(pattern)) names.add(pattern.text);
    else for (const element of pattern.elements) if (!ts.isOmittedExpression(element)) bind(element.name);
  };
  for (const statement of source.statements) {
    if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) names.add(statement.name.text);
    if (ts.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) bind(d.name);
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

/**
 * `export * from 'm'` in events.js supplies every name `m` exports, and a local export of the same name silently wins
 * over it: velo-inbox's block would shadow the site's handler. Stop when one may supply `name` — a site module that
 * exports it, or a module the build cannot read (an npm package).
 */
function assertNoStarExportSupplies(file: string, name: string, exports: readonly FoundExport[], read: SiteModuleReader): void {
  for (const star of exports.filter((e) => e.form === 'star-re-export' && e.from !== undefined)) {
    const from = star.from as string;
    const supplied = namesSupplied(from, read, new Set());
    if (supplied !== 'unknown' && !supplied.has(name)) continue;
    const local = `${from.split('/').pop()?.replace(/[^A-Za-z0-9_$]/g, '_') ?? 'site'}_${name}`;
    const lines = [`    import { ${name} as ${local} } from '${from}';`, `    export function ${name}(event) { return ${local}(event); }`];
    throw new BuildStop(
      supplied === 'unknown'
        ? [
            `${file}, line ${star.line}: \`${star.text.trim()}\` may supply ${name}, which velo-inbox's block exports too, and the build cannot read '${from}' to tell.`,
            `A local export would replace yours without a word (and Wix does not call handlers re-exported from a package).`,
            `Export the handlers you need from '${from}' by name, in the form Wix calls; for ${name} write:`,
            ...lines,
            `then build again: velo-inbox runs yours first, then its own.`,
          ].join('\n')
        : [
            `${file}, line ${star.line}: \`${star.text.trim()}\` supplies ${name}, which velo-inbox's block exports too: the block's export would replace yours without a word.`,
            `Export yours by name, in the form Wix calls; write these lines in ${file}:`,
            ...lines,
            `then build again: velo-inbox runs yours first, then its own.`,
          ].join('\n'),
    );
  }
}

/** The names a site module exports, following its own `export *`; `unknown` when some module cannot be read. */
function namesSupplied(specifier: string, read: SiteModuleReader, seen: Set<string>): Set<string> | 'unknown' {
  if (seen.has(specifier)) return new Set();
  seen.add(specifier);
  const text = read(specifier);
  if (text === undefined) return 'unknown';
  const names = new Set<string>();
  for (const e of findExports(text, specifier)) {
    if (!e.named) continue; // `export *` passes on no default export
    if (e.form !== 'star-re-export') {
      names.add(e.name);
      continue;
    }
    if (e.from === undefined) continue;
    const nested = namesSupplied(e.from, read, seen);
    if (nested === 'unknown') return 'unknown';
    for (const n of nested) names.add(n);
  }
  return names;
}

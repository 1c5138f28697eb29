import ts from 'typescript';
import { BLOCK_BEGIN, BLOCK_END } from './marked-block';
import { BuildStop } from './plan';

/** velo-inbox's module, as the block (and older builds, and hand-written compositions) import it. */
const INBOX_MODULE = /^backend\/inbox-events(\.js)?$/;

/**
 * Stops the build when the site's events.js, outside velo-inbox's block, loads velo-inbox's module: a block whose marker
 * lines were renamed or removed (it then reads as the site's own code), or handlers the site wrote to call velo-inbox's.
 * Composing on would wrap those in velo-inbox's block, and every velo-inbox handler would run twice per event.
 */
export function assertNoInboxCallsOutsideBlock(rest: string, file: string): void {
  const source = ts.createSourceFile(file, rest, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const lines: number[] = [];
  const visit = (node: ts.Node) => {
    const specifier = inboxSpecifier(node);
    if (specifier !== undefined && INBOX_MODULE.test(specifier)) lines.push(source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1);
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (lines.length === 0) return;
  throw new BuildStop(
    [
      `${file}: line ${lines.join(', ')} load${lines.length === 1 ? 's' : ''} velo-inbox's module ('backend/inbox-events') outside velo-inbox's block, so building on would run velo-inbox's handlers twice.`,
      `If these lines are velo-inbox's block with its marker lines changed, put the two marker lines back, each on a line of its own, around it:`,
      `    ${BLOCK_BEGIN}`,
      `    ${BLOCK_END}`,
      `(or delete the old block). If you call velo-inbox's handlers from your own, remove those calls: the block runs yours first, then velo-inbox's.`,
      `Then build again.`,
    ].join('\n'),
  );
}

/** The module a static import, `import('…')` or `require('…')` names, if `node` is one. */
function inboxSpecifier(node: ts.Node): string | undefined {
  if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) return node.moduleSpecifier.text;
  if (!ts.isCallExpression(node)) return undefined;
  const [argument] = node.arguments;
  const loads = node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require');
  return loads && argument && ts.isStringLiteralLike(argument) ? argument.text : undefined;
}

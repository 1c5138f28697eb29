import type { FoundExport } from 'wix-emulator/site-repo';
import { COMPOSED_MARK, siteHandlerName } from './composed-names';
import { BuildStop } from './plan';

/** What the events.js merge says when it stops: what it found, and the exact lines to write instead. */

export function cannotCompose(file: string, name: string, found: readonly FoundExport[]): BuildStop {
  const where = found.map((e) => `    line ${e.line}: ${e.text.trim()}${e.reason ? `   (${e.reason}: Wix does not call it)` : ''}`);
  return new BuildStop(
    [
      `${file}: the site exports ${name} in a form the build does not compose:`,
      ...where,
      `velo-inbox exports ${name} too. Declare yours once, in a form Wix calls, and remove ${name} from the statement above:`,
      `    export function ${name}(event) { /* your code, or: return yourHandler(event); */ }`,
      `then build again: velo-inbox runs yours first, then its own.`,
    ].join('\n'),
  );
}

export function referredToElsewhere(file: string, name: string, lines: readonly number[]): BuildStop {
  const own = `your${name.charAt(0).toUpperCase()}${name.slice(1)}`;
  return new BuildStop(
    [
      `${file}: ${name} is your handler and is also used on line ${lines.join(', ')}, so the build will not rename it to compose it with velo-inbox's.`,
      `Give your code its own name and export the handler as a call to it:`,
      `    function ${own}(event) { /* the body of your ${name} */ }`,
      `    export function ${name}(event) { return ${own}(event); }`,
      `(and use ${own} on line ${lines.join(', ')}), then build again: velo-inbox runs yours first, then its own.`,
    ].join('\n'),
  );
}

export function declaredNotExported(file: string, name: string): BuildStop {
  return new BuildStop(
    [
      `${file}: declares or imports ${name} without exporting it (Wix never calls it), and velo-inbox's block exports ${name}.`,
      `Rename yours; or, to have Wix run it before velo-inbox's, export it: \`export function ${name}(event) { … }\`. Then build again.`,
    ].join('\n'),
  );
}

/**
 * The site declares names the block needs. A `site_X` is almost always the site's X handler an earlier build renamed,
 * whose mark comment (what tells the build to restore it) was deleted: say how to restore it by hand.
 */
export function namesTaken(file: string, taken: readonly string[], handlerNames: readonly string[]): BuildStop {
  const renamed = handlerNames.filter((name) => taken.includes(siteHandlerName(name)));
  return new BuildStop(
    [
      `${file}: declares ${taken.join(', ')}, which velo-inbox's block needs.`,
      ...renamed.map(
        (name) =>
          `${siteHandlerName(name)} looks like your ${name} handler, renamed by an earlier build, without the comment ${COMPOSED_MARK} that marks it: declare it as \`export function ${name}(event)\` (or \`export const ${name} = (event) => …\`) again.`,
      ),
      `${renamed.length > 0 ? 'Rename any other' : 'Rename them'} in your events.js, then build again.`,
    ].join('\n'),
  );
}

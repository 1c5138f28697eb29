import { BuildStop } from './plan';

/**
 * The lines that delimit what velo-inbox's build manages inside a file of the site (events.js, masterPage.js). Only
 * the text between them is ever rewritten; everything else stays byte for byte.
 */
export const BLOCK_BEGIN = '// velo-inbox:begin — managed by `npm run build -- --site` in velo-inbox; edits inside are replaced';
export const BLOCK_END = '// velo-inbox:end';

interface Located {
  /** The file without the block (and without the blank line the build put before it). */
  readonly rest: string;
  /** Where the block started, or undefined when the file has none. */
  readonly at: number | undefined;
}

/** Finds the managed block by its marker lines (text markers of our own making, not code). */
export function locateBlock(text: string, file: string): Located {
  const begin = text.indexOf('// velo-inbox:begin');
  const beginCount = text.split('// velo-inbox:begin').length - 1;
  const endCount = text.split(BLOCK_END).length - 1;
  if (beginCount === 0 && endCount === 0) return { rest: text, at: undefined };
  if (beginCount !== 1 || endCount !== 1 || text.indexOf(BLOCK_END) < begin) {
    throw new BuildStop(`${file}: the velo-inbox block markers are damaged (need one '// velo-inbox:begin' line before one '${BLOCK_END}' line). Restore or delete the whole block, then build again.`);
  }
  const endLine = text.indexOf('\n', text.indexOf(BLOCK_END));
  const stop = endLine === -1 ? text.length : endLine + 1;
  // The block is appended after one blank line; take that line with it so that appending again restores the file.
  const start = begin >= 2 && text[begin - 1] === '\n' && text[begin - 2] === '\n' ? begin - 1 : begin;
  return { rest: text.slice(0, start) + text.slice(stop), at: start };
}

/** The file with `body` as its managed block: in place when it had one, else appended after one blank line. */
export function withBlock(text: string, body: readonly string[], file: string): string {
  const { rest, at } = locateBlock(text, file);
  return placeBlock(rest, at, body);
}

/** `rest` (a file without its block) with the block at `at`, or appended after one blank line when `at` is undefined. */
export function placeBlock(rest: string, at: number | undefined, body: readonly string[]): string {
  const block = [BLOCK_BEGIN, ...body, BLOCK_END].join('\n') + '\n';
  if (at !== undefined) return rest.slice(0, at) + (at > 0 ? '\n' : '') + block + rest.slice(at);
  if (rest.length === 0) return block;
  return (rest.endsWith('\n') ? rest : `${rest}\n`) + '\n' + block;
}

import { BuildStop } from './plan';

/**
 * The lines that delimit what velo-inbox's build manages inside a file of the site (events.js, masterPage.js). Only
 * the text between them is ever rewritten; everything else stays byte for byte.
 */
export const BLOCK_BEGIN = '// velo-inbox:begin — managed by `npm run build -- --site` in velo-inbox; edits inside are replaced';
export const BLOCK_END = '// velo-inbox:end';

/** A begin line as any version of the build wrote it: the marker (and its explanation) alone on the line. */
const isBeginLine = (line: string) => line.trim() === '// velo-inbox:begin' || line.trim().startsWith('// velo-inbox:begin — ');
const isEndLine = (line: string) => line.trim() === BLOCK_END;

interface Located {
  /** The file without the block (and without the blank line the build put before it). */
  readonly rest: string;
  /** Where the block started, or undefined when the file has none. */
  readonly at: number | undefined;
  /** Whether a blank line before the block was taken with it (so that placing it again restores exactly that). */
  readonly blankBefore: boolean;
}

/** The line ending a file mostly uses: CRLF files get CRLF lines from the build too. */
export function lineEnding(text: string): '\n' | '\r\n' {
  const crlf = text.split('\r\n').length - 1;
  const lf = text.split('\n').length - 1;
  return crlf > 0 && crlf * 2 >= lf ? '\r\n' : '\n';
}

/**
 * Finds the managed block by its marker lines. A marker counts only as a whole line of its own: a comment or a string
 * of the site's that mentions it is the site's text, never the start or end of velo-inbox's block.
 */
export function locateBlock(text: string, file: string): Located {
  const begins: { start: number; end: number }[] = [];
  const ends: { start: number; end: number }[] = [];
  let offset = 0;
  for (const line of text.split(/(?<=\n)/)) {
    const content = line.replace(/\r?\n$/, '');
    if (isBeginLine(content)) begins.push({ start: offset, end: offset + line.length });
    if (isEndLine(content)) ends.push({ start: offset, end: offset + line.length });
    offset += line.length;
  }
  if (begins.length === 0 && ends.length === 0) return { rest: text, at: undefined, blankBefore: false };
  const [begin] = begins;
  const [end] = ends;
  if (begins.length !== 1 || ends.length !== 1 || !begin || !end || end.start < begin.start) {
    throw new BuildStop(
      `${file}: the velo-inbox block markers are damaged (need one line '${BLOCK_BEGIN.slice(0, 19)} …' before one line '${BLOCK_END}'). Restore or delete the whole block, then build again.`,
    );
  }
  // The block is appended after one blank line; take that line with it so that appending again restores the file.
  const eol = lineEnding(text);
  const before = text.slice(0, begin.start);
  const blankBefore = before.endsWith(eol + eol);
  const start = blankBefore ? begin.start - eol.length : begin.start;
  return { rest: text.slice(0, start) + text.slice(end.end), at: start, blankBefore };
}

/** The file with `body` as its managed block: in place when it had one, else appended after one blank line. */
export function withBlock(text: string, body: readonly string[], file: string): string {
  const located = locateBlock(text, file);
  return placeBlock(located.rest, located, body);
}

/**
 * `rest` (a file without its block) with the block where it was, or appended after one blank line when it had none.
 * The block's lines end the way the file's do.
 */
export function placeBlock(rest: string, where: Pick<Located, 'at' | 'blankBefore'>, body: readonly string[]): string {
  const eol = lineEnding(rest);
  const block = [BLOCK_BEGIN, ...body, BLOCK_END].join(eol) + eol;
  const { at } = where;
  if (at !== undefined) return rest.slice(0, at) + (where.blankBefore ? eol : '') + block + rest.slice(at);
  if (rest.length === 0) return block;
  return (rest.endsWith('\n') ? rest : `${rest}${eol}`) + eol + block;
}

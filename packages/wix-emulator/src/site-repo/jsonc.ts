import { parse, printParseErrorCode, stripComments, type ParseError } from 'jsonc-parser';

/**
 * How the emulator reads a site's JSON-with-comments files (`backend/jobs.config`, `backend/permissions.json`), and
 * how a site's build tooling can check them before editing, so that the two accept the same text: `//` and block comments are
 * allowed (Wix's editor writes jobs.config with them), trailing commas are not (the stricter reading: no Wix page
 * allows them).
 */
export const JSONC_OPTIONS = { allowTrailingComma: false, disallowComments: false } as const;

/** The first syntax error of `text` as JSON with comments: its kind, line and column; undefined when there is none. */
export function jsoncSyntaxError(text: string): { readonly kind: string; readonly line: number; readonly column: number } | undefined {
  const errors: ParseError[] = [];
  parse(text, errors, JSONC_OPTIONS);
  const [first] = errors;
  if (!first) return undefined;
  // A byte order mark (some Windows editors write one) reads as "InvalidSymbol at 1:1": say what it is.
  if (first.offset === 0 && text.startsWith('\uFEFF')) return { kind: 'a byte order mark (U+FEFF) before the first character', line: 1, column: 1 };
  // jsonc-parser names a trailing comma by what it expected after it (a value, a property name): say it plainly, at the
  // comma. Comments are blanked out (same length) so a comma inside one is never taken for it.
  const prefix = stripComments(text.slice(0, first.offset), ' ');
  const trailingComma = /^[\]}]/.test(text.slice(first.offset)) && /,\s*$/.test(prefix);
  const at = trailingComma ? prefix.lastIndexOf(',') : first.offset;
  const before = text.slice(0, at).split('\n');
  return { kind: trailingComma ? 'a trailing comma' : printParseErrorCode(first.error), line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/** The value of a JSON-with-comments text, or the syntax error as `fail` makes it. */
export function readJsonc(text: string, fail: (error: { kind: string; line: number; column: number }) => Error): unknown {
  const error = jsoncSyntaxError(text);
  if (error) throw fail(error);
  return parse(text, [], JSONC_OPTIONS) as unknown;
}

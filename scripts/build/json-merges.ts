import { applyEdits, findNodeAtLocation, modify, parseTree, printParseErrorCode, type FormattingOptions, type JSONPath, type Node, type ParseError } from 'jsonc-parser';
import { isDeepStrictEqual } from 'node:util';
import { jsoncSyntaxError, JSONC_OPTIONS } from 'wix-emulator/site-repo';
import { lineEnding } from './marked-block';
import { BuildStop } from './plan';

type Json = Record<string, unknown>;

/**
 * The site's JSON files are edited in place with Microsoft's `jsonc-parser` (the editor behind VS Code's settings):
 * only the entries velo-inbox adds or changes are written; the site's comments (Wix's editor writes `jobs.config` with
 * `//` comments), whitespace, key order and final newline stay as they were. A file is never re-serialised whole.
 */
interface Document {
  readonly text: string;
  readonly root: Node;
  readonly value: Json;
  readonly formatting: FormattingOptions;
}

/**
 * The first syntax error of a JSON (or, with `comments`, JSON-with-comments) text, with its line and column. JSON with
 * comments is checked by the emulator's own rule (no trailing commas), so the build never writes a file the emulator's
 * loader would refuse.
 */
export function jsonSyntaxError(text: string, options: { comments: boolean }): string | undefined {
  if (options.comments) {
    const error = jsoncSyntaxError(text);
    return error && `${error.kind} at line ${error.line}, column ${error.column}`;
  }
  const errors: ParseError[] = [];
  parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  const [first] = errors;
  if (!first) return undefined;
  const before = text.slice(0, first.offset).split('\n');
  return `${printParseErrorCode(first.error)} at line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

function read(text: string, file: string, fix: string, options: { comments: boolean }): Document {
  const error = jsonSyntaxError(text, options);
  if (error) throw new BuildStop(`${file} cannot be read (${error}), so the build will not edit it. Fix it, or ${fix}`);
  const root = parseTree(text, [], options.comments ? JSONC_OPTIONS : { allowTrailingComma: false, disallowComments: true });
  if (!root || root.type !== 'object') throw new BuildStop(`${file} is not a JSON object, so the build will not edit it. ${fix}`);
  return { text, root, value: nodeValue(root) as Json, formatting: formattingOf(text) };
}

function nodeValue(node: Node): unknown {
  switch (node.type) {
    case 'object':
      return Object.fromEntries((node.children ?? []).map((p) => [p.children?.[0]?.value as string, p.children?.[1] ? nodeValue(p.children[1]) : undefined]));
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

/** The indentation and line ending the file already uses, so that what the build adds looks like the rest. */
function formattingOf(text: string): FormattingOptions {
  const indent = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
  return { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 1 : indent.length, eol: lineEnding(text), insertFinalNewline: false };
}

/** The value at `path` replaced (jsonc-parser formats only the replaced value). */
function replace(doc: Document, path: JSONPath, value: unknown): string {
  return applyEdits(doc.text, modify(doc.text, path, value, { formattingOptions: doc.formatting }));
}

/**
 * `value` appended to the object or array at `path` (as property `key` of an object), written by hand rather than by
 * jsonc-parser's `modify`, which reformats the whole line it inserts on: the site's last entry (and a comment after
 * it) would move. The new entry goes on a line of its own after the last entry's line (after a comment ending that
 * line), indented like it; an empty container gets it on the line after its opening bracket.
 */
function append(doc: Document, path: JSONPath, key: string | undefined, value: unknown): string {
  const container = path.length === 0 ? doc.root : findNodeAtLocation(doc.root, path);
  if (!container || (container.type !== 'object' && container.type !== 'array')) throw new Error(`build-site: no object or array at ${path.join('.')}`);
  const { text } = doc;
  const eol = doc.formatting.eol ?? '\n';
  const unit = doc.formatting.insertSpaces ? ' '.repeat(doc.formatting.tabSize ?? 2) : '\t';
  const entry = (indent: string) => {
    const json = JSON.stringify(value, null, unit).split('\n').join(eol + indent);
    return `${indent}${key === undefined ? '' : `${JSON.stringify(key)}: `}${json}`;
  };
  const lineIndent = (offset: number) => /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', offset - 1) + 1))?.[0] ?? '';
  const children = container.children ?? [];
  const last = children.at(-1);
  if (last) {
    const lastEnd = last.offset + last.length;
    const indent = lineIndent(last.offset);
    const trailingComma = commaFollows(text, lastEnd, container.offset + container.length);
    const lineEnd = endOfLineIfOnlyComment(text, lastEnd);
    if (lineEnd === undefined) return `${text.slice(0, lastEnd)},${eol}${entry(indent)}${text.slice(lastEnd)}`;
    const comma = trailingComma ? '' : ',';
    return `${text.slice(0, lastEnd)}${comma}${text.slice(lastEnd, lineEnd)}${eol}${entry(indent)}${trailingComma ? ',' : ''}${text.slice(lineEnd)}`;
  }
  const open = container.offset + 1;
  const outer = lineIndent(container.offset);
  const lineEnd = endOfLineIfOnlyComment(text, open);
  if (lineEnd !== undefined) return `${text.slice(0, lineEnd)}${eol}${entry(outer + unit)}${text.slice(lineEnd)}`;
  const close = container.offset + container.length - 1;
  return `${text.slice(0, open)}${eol}${entry(outer + unit)}${eol}${outer}${text.slice(close)}`;
}

/** Whether a comma (the site's trailing comma) follows `offset` before `end`, past whitespace and comments. */
function commaFollows(text: string, offset: number, end: number): boolean {
  return text.slice(offset, end).replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '').trimStart().startsWith(',');
}

/** Where the line holding `offset` ends, when only whitespace, a comma or a `//` comment follows `offset` on it. */
function endOfLineIfOnlyComment(text: string, offset: number): number | undefined {
  const newline = text.indexOf('\n', offset);
  const lineEnd = newline === -1 ? text.length : text[newline - 1] === '\r' ? newline - 1 : newline;
  return /^\s*,?\s*(\/\/.*)?$/.test(text.slice(offset, lineEnd)) ? lineEnd : undefined;
}

export interface Job {
  readonly functionLocation: string;
  readonly functionName: string;
  readonly [key: string]: unknown;
}

/**
 * The site's jobs.config with velo-inbox's jobs in it: the site's own jobs and comments kept as they are, velo-inbox's
 * (recognised by function location and name) added, or replaced when their definition changed. Unchanged text when
 * nothing differs.
 */
export function mergeJobs(current: string | undefined, ours: readonly Job[], file = 'src/backend/jobs.config'): string {
  const exactLines = JSON.stringify(ours, null, 2);
  if (current === undefined || current.trim() === '') return `${JSON.stringify({ jobs: ours }, null, 2)}\n`;
  let text = current;
  for (const job of ours) {
    const doc = read(text, file, `add these entries to its "jobs" list yourself:\n${exactLines}`, { comments: true });
    const jobs = doc.value.jobs;
    if (jobs === undefined) {
      text = append(doc, [], 'jobs', [job]);
      continue;
    }
    if (!Array.isArray(jobs)) throw new BuildStop(`${file}: "jobs" is not a list. Add these entries to it yourself:\n${exactLines}`);
    const index = jobs.findIndex((j: Partial<Job> | null) => j?.functionLocation === job.functionLocation && j?.functionName === job.functionName);
    if (index === -1) text = append(doc, ['jobs'], undefined, job);
    else if (!isDeepStrictEqual(jobs[index], job)) text = replace(doc, ['jobs', index], job);
  }
  return text;
}

/**
 * permissions.json with an explicit entry for velo-inbox's legacy module only. Never a catch-all (`"*"`) rule: it
 * would change the permissions of every other .jsw of the site (Wix's default for a .jsw function is Anyone).
 */
export function mergePermissions(current: string | undefined, module: string, entry: Json, file = 'src/backend/permissions.json'): string {
  const exactLines = JSON.stringify({ [module]: entry }, null, 2);
  if (current === undefined || current.trim() === '') return `${JSON.stringify({ 'web-methods': { [module]: entry } }, null, 2)}\n`;
  const doc = read(current, file, `add this to its "web-methods" yourself:\n${exactLines}`, { comments: true });
  const methods = doc.value['web-methods'];
  if (methods !== undefined && (typeof methods !== 'object' || methods === null || Array.isArray(methods))) {
    throw new BuildStop(`${file}: "web-methods" is not an object. Add this to it yourself:\n${exactLines}`);
  }
  if (isDeepStrictEqual((methods as Json | undefined)?.[module], entry)) return current;
  if (methods === undefined) return append(doc, [], 'web-methods', { [module]: entry });
  return (methods as Json)[module] === undefined ? append(doc, ['web-methods'], module, entry) : replace(doc, ['web-methods', module], entry);
}

export interface DependencyMerge {
  readonly text: string;
  /** Packages added to `dependencies`. */
  readonly added: readonly string[];
  /** Packages the site already lists with another version range: the site's range is kept. */
  readonly keptSiteVersion: readonly { name: string; site: string; ours: string }[];
}

/**
 * The site's package.json with every runtime package velo-inbox's code imports listed in `dependencies` (what Wix CLI
 * reads: `wix install` installs them and writes wix.lock; deploys upload package.json and wix.lock together). Every
 * other field, entry and character of the site's is kept; a package the site already depends on keeps its range.
 */
export function mergeDependencies(current: string | undefined, needed: Readonly<Record<string, string>>, fresh: Json): DependencyMerge {
  if (current === undefined) {
    const added = Object.keys(needed).sort();
    return { text: `${JSON.stringify({ ...fresh, dependencies: { ...needed } }, null, 2)}\n`, added, keptSiteVersion: [] };
  }
  let doc = read(current, 'package.json', `add to its "dependencies": ${JSON.stringify(needed)}`, { comments: false });
  const deps = doc.value.dependencies;
  if (deps !== undefined && (typeof deps !== 'object' || deps === null || Array.isArray(deps))) {
    throw new BuildStop(`package.json: "dependencies" is not an object. Add to it yourself: ${JSON.stringify(needed)}`);
  }
  const listed = (deps ?? {}) as Record<string, string>;
  const added = Object.keys(needed).filter((name) => listed[name] === undefined).sort();
  const keptSiteVersion = Object.entries(needed)
    .filter(([name, range]) => listed[name] !== undefined && listed[name] !== range)
    .map(([name, ours]) => ({ name, site: listed[name] as string, ours }));
  let text = current;
  if (deps === undefined && added.length > 0) {
    text = append(doc, [], 'dependencies', Object.fromEntries(added.map((name) => [name, needed[name]])));
  } else {
    for (const name of added) {
      text = append(doc, ['dependencies'], name, needed[name]);
      doc = read(text, 'package.json', '', { comments: false });
    }
  }
  return { text, added, keptSiteVersion };
}

/**
 * The site's wix-emulator.json with velo-inbox's entries in it (its collections, its contact page): each entry added
 * under its name, or replaced when it changed; the site's own entries, comments and layout kept. Unchanged text when
 * nothing differs.
 */
export function mergeEmulatorConfig(current: string | undefined, ours: Readonly<Record<'collections' | 'pages', Readonly<Record<string, unknown>>>>, file = 'wix-emulator.json'): string {
  const sections = (Object.entries(ours) as [string, Readonly<Record<string, unknown>>][]).filter(([, entries]) => Object.keys(entries).length > 0);
  if (current === undefined || current.trim() === '') return `${JSON.stringify(Object.fromEntries(sections), null, 2)}\n`;
  let text = current;
  for (const [section, entries] of sections) {
    for (const [name, entry] of Object.entries(entries)) {
      const doc = read(text, file, `add this to its "${section}" yourself:\n${JSON.stringify({ [name]: entry }, null, 2)}`, { comments: true });
      const existing = doc.value[section];
      if (existing === undefined) {
        text = append(doc, [], section, { [name]: entry });
        continue;
      }
      if (typeof existing !== 'object' || existing === null || Array.isArray(existing)) {
        throw new BuildStop(`${file}: "${section}" is not an object. Add this to it yourself:\n${JSON.stringify({ [name]: entry }, null, 2)}`);
      }
      const theirs = (existing as Json)[name];
      if (theirs === undefined) text = append(doc, [section], name, entry);
      else if (!isDeepStrictEqual(theirs, entry)) text = replace(doc, [section, name], entry);
    }
  }
  return text;
}

import { applyEdits, modify, parseTree, printParseErrorCode, type FormattingOptions, type JSONPath, type Node, type ParseError } from 'jsonc-parser';
import { isDeepStrictEqual } from 'node:util';
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

function read(text: string, file: string, fix: string, options: { comments: boolean }): Document {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: options.comments, disallowComments: !options.comments });
  const [first] = errors;
  if (first) {
    const before = text.slice(0, first.offset).split('\n');
    const where = `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
    throw new BuildStop(`${file} cannot be read (${printParseErrorCode(first.error)} at ${where}), so the build will not edit it. Fix it, or ${fix}`);
  }
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

function edit(doc: Document, path: JSONPath, value: unknown, isArrayInsertion = false): string {
  return applyEdits(doc.text, modify(doc.text, path, value, { formattingOptions: doc.formatting, isArrayInsertion }));
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
      text = edit(doc, ['jobs'], [job]);
      continue;
    }
    if (!Array.isArray(jobs)) throw new BuildStop(`${file}: "jobs" is not a list. Add these entries to it yourself:\n${exactLines}`);
    const index = jobs.findIndex((j: Partial<Job> | null) => j?.functionLocation === job.functionLocation && j?.functionName === job.functionName);
    if (index === -1) text = edit(doc, ['jobs', jobs.length], job, true);
    else if (!isDeepStrictEqual(jobs[index], job)) text = edit(doc, ['jobs', index], job);
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
  return methods === undefined ? edit(doc, ['web-methods'], { [module]: entry }) : edit(doc, ['web-methods', module], entry);
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
    text = edit(doc, ['dependencies'], Object.fromEntries(added.map((name) => [name, needed[name]])));
  } else {
    for (const name of added) {
      text = edit(doc, ['dependencies', name], needed[name]);
      doc = { ...doc, text };
    }
  }
  return { text, added, keptSiteVersion };
}

import { withWording } from './config';
import { CODE_TEMPLATES, templateIn, type SiteTemplate, type TemplateSet } from './site-templates';
import { templateProblem } from './template-registry';

/**
 * The wording a site owner edits in the CMS without a deploy: rows of the `InboxTemplates` collection, one per template
 * key (and optionally per language). A row may change a template's title and lines and switch it off; it cannot add a
 * template, change who may send it or its variables — those stay in code and configuration.
 */
export interface TemplateRow {
  readonly id: string;
  /** The template's name (`welcome`, `form-received`, …). */
  readonly key: unknown;
  /** An IETF language tag (`de`, `pt-BR`); empty for the row used when no row has the person's language. */
  readonly language?: unknown;
  /** false switches the template off; unset counts as on. */
  readonly enabled?: unknown;
  readonly title?: unknown;
  /** The lines of the message, one per line of text. */
  readonly text?: unknown;
}

/** Reads every row of InboxTemplates (a missing collection is no rows: the code's wording is used). */
export interface TemplateRowSource {
  rows(): Promise<readonly TemplateRow[]>;
}

/** The site's templates as they stand for one send: configuration first, then the owner's rows. */
export interface TemplateCatalog {
  /** Code + configuration: what holds when no row applies (broadcasts and visitor checks use it as it is). */
  readonly base: TemplateSet;
  /** Whether some valid row of the template names a language: only then is the person's language worth a lookup. */
  hasLanguageRows(name: string): Promise<boolean>;
  /** The template for a person of this language (undefined: unknown), or undefined when there is no such template. */
  template(name: string, language?: string): Promise<SiteTemplate | undefined>;
}

/** What the log may say about an ignored row: its ID, key and the rule, never its text. */
export interface WordingLog {
  warn(message: string, details: Readonly<Record<string, string>>): void;
}

interface ValidRow {
  readonly key: string;
  readonly language: string | undefined;
  readonly template: SiteTemplate;
}

const LANGUAGE = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/;

/**
 * A catalog over the site's templates and the owner's rows, read at most once per `cacheMs` (a short cache: an edit in
 * the CMS shows within that time, and a busy site reads the collection once per period, not once per send). Each row is
 * checked by the rules every template meets; a row that breaks one is ignored with a log line and the code's wording is
 * used.
 */
export function templateCatalog(base: TemplateSet, source: TemplateRowSource | undefined, options: { cacheMs: number; now?: () => number; log?: WordingLog }): TemplateCatalog {
  const now = options.now ?? (() => Date.now());
  const log = options.log ?? { warn: (message, details) => console.warn(message, details) };
  let cached: { at: number; rows: Promise<readonly ValidRow[]> } | undefined;

  function validRows(): Promise<readonly ValidRow[]> {
    if (!source) return Promise.resolve([]);
    const at = now();
    if (cached && at - cached.at < options.cacheMs) return cached.rows;
    const rows = source.rows().then((read) => read.flatMap((row) => checked(base, row, log)));
    // A failed read is not kept: the next send reads again.
    rows.catch(() => {
      if (cached?.rows === rows) cached = undefined;
    });
    cached = { at, rows };
    return rows;
  }

  return {
    base,
    async hasLanguageRows(name) {
      return (await validRows()).some((row) => row.key === name && row.language !== undefined);
    },
    async template(name, language) {
      const code = templateIn(base, name);
      if (!code) return undefined;
      const row = chooseRow((await validRows()).filter((r) => r.key === name), language);
      if (!row) return code;
      // Either switch turns it off: the developer's (configuration) or the owner's (the row). The delay stays the configuration's.
      return { ...row.template, enabled: code.enabled && row.template.enabled, delayMs: code.delayMs };
    },
  };
}

/** The person's language first (`pt-BR`, then `pt`), then the row without a language; none → the code's wording. */
function chooseRow(rows: readonly ValidRow[], language: string | undefined): ValidRow | undefined {
  const wanted = language?.toLowerCase();
  if (wanted) {
    const exact = rows.find((r) => r.language === wanted);
    if (exact) return exact;
    const primary = wanted.split('-')[0];
    const sameLanguage = rows.find((r) => r.language === primary) ?? rows.find((r) => r.language?.split('-')[0] === primary);
    if (sameLanguage) return sameLanguage;
  }
  return rows.find((r) => r.language === undefined);
}

function checked(base: TemplateSet, row: TemplateRow, log: WordingLog): ValidRow[] {
  const ignore = (rule: string): ValidRow[] => {
    log.warn('velo-inbox: InboxTemplates row ignored; the code template is used', { rowId: String(row.id).slice(0, 64), key: typeof row.key === 'string' ? row.key.slice(0, 40) : '', rule });
    return [];
  };
  if (typeof row.key !== 'string') return ignore('key must be a template name');
  const code = templateIn(base, row.key.trim());
  if (!code) return ignore('key names no template of this site');
  const language = typeof row.language === 'string' && row.language.trim() !== '' ? row.language.trim().toLowerCase() : undefined;
  if (row.language !== undefined && row.language !== null && typeof row.language !== 'string') return ignore('language must be text');
  if (language !== undefined && !LANGUAGE.test(language)) return ignore('language must be a language tag such as de or pt-BR');
  if (row.enabled !== undefined && row.enabled !== null && typeof row.enabled !== 'boolean') return ignore('enabled must be a yes/no field');
  const title = optionalText(row.title);
  const text = optionalText(row.text);
  if (title === null || text === null) return ignore('title and text must be text');
  const textLines = text?.split(/\r?\n/).map((line) => line.trimEnd()).filter((line) => line !== '');
  const template: SiteTemplate = {
    ...code,
    content: withWording(code.content, { ...(title !== undefined ? { title } : {}), ...(textLines !== undefined ? { textLines } : {}) }),
    enabled: row.enabled !== false,
  };
  const problem = templateProblem(template);
  if (problem !== undefined) return ignore(problem.replace(/"[^"]*"/g, '(text)'));
  return [{ key: row.key.trim(), language, template }];
}

/** undefined for an empty field (keep the code's), null for something that is not text. */
function optionalText(value: unknown): string | undefined | null {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return null;
  return value.trim() === '' ? undefined : value.trim();
}

/** The catalog of a site without owner rows: code + configuration. */
export function configuredCatalog(base: TemplateSet = CODE_TEMPLATES): TemplateCatalog {
  return templateCatalog(base, undefined, { cacheMs: 0 });
}

import { InboxError } from './errors';
import { validateContent } from './message';
import { asPlainWords } from './plain-words';
import type { MessageContent } from './ports';

/** How often one participant may receive a template (as Wix Automations offers). */
export type FrequencyCap = 'every-time' | 'once-per-participant' | 'once-per-24h';

export interface TemplateDefinition<V extends string> {
  /** Variables the template fills; each value must be plain words (see plain-words.ts) or its segment is left out. */
  readonly vars: readonly V[];
  readonly frequency: FrequencyCap;
  /** Besides admins, who may trigger this template from the site: members (to themselves) and/or visitors (forms). */
  readonly callableBy: readonly ('member' | 'visitor')[];
  /**
   * Every `{{name}}` placeholder sits inside an optional segment `[[…]]`: the segment is filled when all its variables
   * are plain words and dropped otherwise, so the text around it must read well without it
   * (`'Welcome aboard[[, {{name}}]]!'` → "Welcome aboard, Ada!" or "Welcome aboard!"). Filled in one pass: a value
   * containing `{{x}}` or `[[` stays literal text (and is not plain words anyway).
   */
  readonly content: MessageContent;
}

const SEGMENT = /\[\[(.*?)\]\]/g;
const PLACEHOLDER = /\{\{(\w+)\}\}/g;

export function defineTemplate<V extends string>(definition: TemplateDefinition<V>): TemplateDefinition<V> {
  const problem = templateProblem(definition);
  if (problem !== undefined) throw new Error(problem);
  return definition;
}

/**
 * What is wrong with a template's wording, or undefined: the rules every template meets, whoever wrote it (the code,
 * the site's configuration, a row the owner edits in the CMS).
 */
export function templateProblem(definition: Pick<TemplateDefinition<string>, 'vars' | 'content'>): string | undefined {
  let problem: string | undefined;
  forEachString(definition.content, (text) => {
    if (problem !== undefined) return;
    const outside = text.replace(SEGMENT, '');
    if (/\{\{\w+\}\}/.test(outside) || outside.includes('[[') || outside.includes(']]')) {
      problem = `Template text "${text.slice(0, 80)}" has a placeholder outside an optional [[…]] segment, or an unclosed segment.`;
      return;
    }
    for (const [, inner = ''] of text.matchAll(SEGMENT)) {
      for (const [, name = ''] of inner.matchAll(PLACEHOLDER)) {
        if (!definition.vars.includes(name)) problem ??= `Template placeholder {{${name.slice(0, 40)}}} is not declared in vars.`;
      }
    }
  });
  if (problem !== undefined) return problem;
  // The text with every optional segment left out is what participants may receive: it must be valid on its own.
  try {
    validateContent(mapStrings(definition.content, (s) => s.replace(SEGMENT, '')));
  } catch (error) {
    return error instanceof Error ? error.message : 'Template content is not valid Inbox content.';
  }
  return undefined;
}

/**
 * Fills a registry template. Unknown variable names are refused (MESSAGE_INVALID); values that are not plain words —
 * whoever supplied them: a page, an event carrying a contact's name, an admin's code passing on what a participant
 * typed — leave their segment out rather than carry a link or an address in the site's own words.
 */
export function renderTemplate<V extends string>(
  name: string,
  definition: TemplateDefinition<V>,
  vars: Readonly<Record<string, unknown>> = {},
): MessageContent {
  const unknownVars = Object.keys(vars).filter((k) => !(definition.vars as readonly string[]).includes(k));
  if (unknownVars.length > 0) {
    throw new InboxError('MESSAGE_INVALID', `Template "${name}" has no variable "${unknownVars[0]?.slice(0, 40)}".`, { field: 'message.vars' });
  }
  const values = new Map<string, string | undefined>(definition.vars.map((v) => [v as string, asPlainWords(vars[v])]));
  const fill = (text: string) =>
    text.replace(SEGMENT, (_whole, inner: string) => {
      const names = [...inner.matchAll(PLACEHOLDER)].map(([, key = '']) => key);
      if (names.some((key) => values.get(key) === undefined)) return '';
      return inner.replace(PLACEHOLDER, (_p, key: string) => values.get(key) ?? '');
    });
  return validateContent(mapStrings(definition.content, fill));
}

function mapStrings<T>(value: T, fn: (s: string) => string): T {
  if (typeof value === 'string') return fn(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => mapStrings(v, fn)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k.endsWith('Url') ? v : mapStrings(v, fn)])) as T;
  }
  return value;
}

function forEachString(value: unknown, fn: (s: string) => void): void {
  mapStrings(value, (s) => {
    fn(s);
    return s;
  });
}

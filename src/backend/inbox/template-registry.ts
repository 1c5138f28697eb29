import { InboxError } from './errors';
import { validateContent } from './message';
import type { MessageContent } from './ports';

/** How often one participant may receive a template (as Wix Automations offers). */
export type FrequencyCap = 'every-time' | 'once-per-participant' | 'once-per-24h';

export interface TemplateDefinition<V extends string> {
  /** Variables the template fills; each value is sanitised and capped before use. */
  readonly vars: readonly V[];
  readonly frequency: FrequencyCap;
  /** Besides admins, who may trigger this template from the site: members (to themselves) and/or visitors (forms). */
  readonly callableBy: readonly ('member' | 'visitor')[];
  /** `{{name}}` placeholders are filled once, in a single pass: a value containing `{{x}}` stays literal text. */
  readonly content: MessageContent;
}

export const MAX_VAR_LENGTH = 80;

export function defineTemplate<V extends string>(definition: TemplateDefinition<V>): TemplateDefinition<V> {
  validateContent(definition.content);
  return definition;
}

/**
 * Makes a caller-supplied value safe to place in a message: no control characters or line breaks (one value cannot
 * forge extra lines), whitespace folded, length capped.
 */
export function sanitizeVar(value: unknown): string {
  const text = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  // Control characters are exactly what must go: a newline inside a value would forge an extra message line.
  // eslint-disable-next-line no-control-regex
  const cleaned = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  return cleaned.length <= MAX_VAR_LENGTH ? cleaned : `${cleaned.slice(0, MAX_VAR_LENGTH - 1)}…`;
}

export function renderTemplate<V extends string>(
  name: string,
  definition: TemplateDefinition<V>,
  vars: Readonly<Record<string, unknown>> = {},
): MessageContent {
  const unknownVars = Object.keys(vars).filter((k) => !(definition.vars as readonly string[]).includes(k));
  if (unknownVars.length > 0) {
    throw new InboxError('MESSAGE_INVALID', `Template "${name}" has no variable "${unknownVars[0]}".`, { field: 'message.vars' });
  }
  const values = new Map(definition.vars.map((v) => [v as string, sanitizeVar(vars[v])]));
  const fill = (s: string) => s.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => values.get(key) ?? whole);
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

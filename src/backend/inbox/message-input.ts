import { InboxError } from './errors';
import { textContent, validateContent } from './message';
import type { MessageContent } from './ports';
import { CODE_TEMPLATES, templateIn, type SiteTemplate, type TemplateSet } from './site-templates';
import { renderTemplate, type FrequencyCap } from './template-registry';
import type { TemplateName } from './templates';

/** What callers may send: plain text, Inbox content, or a named template from the registry with its variables. */
export type MessageInput = string | MessageContent | TemplateMessage;

export interface TemplateMessage {
  /** The code's templates are typed for page code; a template the site adds in inbox.config.js is sent by its name too. */
  readonly template: TemplateName;
  readonly vars?: Readonly<Record<string, string | number>>;
}

export interface PreparedMessage {
  readonly content: MessageContent;
  /** Set for registry templates: which one, and how often it may go to one participant. */
  readonly template?: { readonly name: string; readonly frequency: FrequencyCap };
  /** The site switched this template off (its configuration or the owner's CMS row): nothing may be sent. */
  readonly switchedOff?: true;
  /** The template is sent this long after the trigger, by the job. */
  readonly delayMs?: number;
}

/** A registry template is `{ template: '<name>' }`; `{ template: { … } }` is raw Inbox template content. */
export function isTemplateMessage(input: unknown): input is TemplateMessage {
  return input !== null && typeof input === 'object' && typeof (input as { template?: unknown }).template === 'string';
}

/**
 * Checks and renders what a caller asked to send. Templates come from `templates` (the site's: code + configuration),
 * or `chosen` when the caller already picked the template as it stands for this person (the owner's wording).
 */
export function prepareMessage(input: unknown, templates: TemplateSet = CODE_TEMPLATES, chosen?: SiteTemplate): PreparedMessage {
  if (typeof input === 'string') return { content: textContent(input) };
  if (isTemplateMessage(input)) {
    const keys = Object.keys(input).filter((k) => k !== 'template' && k !== 'vars');
    if (keys.length > 0) throw new InboxError('MESSAGE_INVALID', 'A template message takes only template and vars.', { field: `message.${keys[0]}` });
    const name = input.template;
    const definition = chosen ?? templateIn(templates, name);
    if (!definition) {
      throw new InboxError('MESSAGE_INVALID', `There is no template named "${String(name).slice(0, 40)}".`, { field: 'message.template' });
    }
    if (input.vars !== undefined && (input.vars === null || typeof input.vars !== 'object' || Array.isArray(input.vars))) {
      throw new InboxError('MESSAGE_INVALID', 'Template vars must be an object of strings.', { field: 'message.vars' });
    }
    return {
      content: renderTemplate(name, definition, input.vars),
      template: { name, frequency: definition.frequency },
      ...(definition.enabled ? {} : { switchedOff: true as const }),
      ...(definition.delayMs > 0 ? { delayMs: definition.delayMs } : {}),
    };
  }
  return { content: validateContent(input) };
}

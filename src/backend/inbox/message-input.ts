import { InboxError } from './errors';
import { textContent, validateContent } from './message';
import type { MessageContent } from './ports';
import { renderTemplate, type FrequencyCap } from './template-registry';
import { TEMPLATES, isTemplateName, type TemplateName } from './templates';

/** What callers may send: plain text, Inbox content, or a named template from the registry with its variables. */
export type MessageInput = string | MessageContent | TemplateMessage;

export interface TemplateMessage {
  readonly template: TemplateName;
  readonly vars?: Readonly<Record<string, string | number>>;
}

export interface PreparedMessage {
  readonly content: MessageContent;
  /** Set for registry templates: which one, and how often it may go to one participant. */
  readonly template?: { readonly name: TemplateName; readonly frequency: FrequencyCap };
}

/** A registry template is `{ template: '<name>' }`; `{ template: { … } }` is raw Inbox template content. */
export function isTemplateMessage(input: unknown): input is TemplateMessage {
  return input !== null && typeof input === 'object' && typeof (input as { template?: unknown }).template === 'string';
}

export function prepareMessage(input: unknown): PreparedMessage {
  if (typeof input === 'string') return { content: textContent(input) };
  if (isTemplateMessage(input)) {
    const keys = Object.keys(input).filter((k) => k !== 'template' && k !== 'vars');
    if (keys.length > 0) throw new InboxError('MESSAGE_INVALID', 'A template message takes only template and vars.', { field: `message.${keys[0]}` });
    if (!isTemplateName(input.template)) {
      throw new InboxError('MESSAGE_INVALID', `There is no template named "${String(input.template).slice(0, 40)}".`, { field: 'message.template' });
    }
    if (input.vars !== undefined && (input.vars === null || typeof input.vars !== 'object' || Array.isArray(input.vars))) {
      throw new InboxError('MESSAGE_INVALID', 'Template vars must be an object of strings.', { field: 'message.vars' });
    }
    const definition = TEMPLATES[input.template];
    return {
      content: renderTemplate(input.template, definition, input.vars),
      template: { name: input.template, frequency: definition.frequency },
    };
  }
  return { content: validateContent(input) };
}

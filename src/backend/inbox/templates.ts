import { defineTemplate } from './template-registry';

/**
 * The site's message templates. Members and visitors may only trigger these (never free text), so what they can make
 * the business send is fixed here. Edit the wording freely; keep `{{var}}` names in `vars` and every placeholder
 * inside an optional `[[…]]` segment the sentence can do without: a value that is not plain words (or is missing) leaves its segment out.
 */
export const TEMPLATES = {
  welcome: defineTemplate({
    vars: ['name'],
    frequency: 'once-per-participant',
    callableBy: [],
    content: {
      template: {
        title: 'Welcome aboard[[, {{name}}]]!',
        textLines: ['Thanks for joining. Reply here any time — this conversation reaches our team directly.'],
      },
    },
  }),
  'welcome-back': defineTemplate({
    vars: ['name'],
    frequency: 'once-per-24h',
    callableBy: ['member'],
    content: {
      template: {
        title: 'Welcome back[[, {{name}}]]',
        textLines: ['Good to see you again. Anything we can help with today?'],
      },
    },
  }),
  'form-received': defineTemplate({
    vars: ['name', 'formName'],
    frequency: 'every-time',
    callableBy: ['visitor', 'member'],
    content: {
      template: {
        title: 'We got your message[[, {{name}}]]',
        textLines: ['Thanks for contacting us[[ through "{{formName}}"]]. We usually answer within one business day.'],
      },
    },
  }),
  'auto-acknowledgement': defineTemplate({
    vars: [],
    frequency: 'once-per-24h',
    callableBy: [],
    content: {
      template: {
        title: 'Thanks for your message',
        textLines: ['We have received it and will get back to you soon.'],
      },
    },
  }),
} as const;

export type TemplateName = keyof typeof TEMPLATES;

export function isTemplateName(value: unknown): value is TemplateName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(TEMPLATES, value);
}

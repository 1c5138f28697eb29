import { z } from 'zod';
import { InboxError } from './errors';
import { MESSAGE_LIMITS as L } from './message-limits';
import type { MessageContent, MessageVisibility } from './ports';

// Every length and count below comes from the typings' table (message-limits.ts); refused here, never cut silently.
const url = (max: number) => z.url({ protocol: /^https?$/ }).max(max);
const text = (max: number) => z.string().min(1).max(max);

const basic = z.strictObject({
  items: z
    .array(
      z.union([
        z.strictObject({ text: text(L.text) }),
        z.strictObject({
          image: z.strictObject({
            url: url(L.mediaUrl),
            width: z.number().int().positive().optional(),
            height: z.number().int().positive().optional(),
            filename: z.string().max(L.mediaFilename).optional(),
          }),
        }),
        z.strictObject({
          file: z.strictObject({ url: url(L.mediaUrl), filename: z.string().max(L.mediaFilename).optional(), mimeType: z.string().max(L.mimeType).optional() }),
        }),
      ]),
    )
    .min(L.basicItemsMin),
});
const minimal = z.strictObject({ text: text(L.text), iconUrl: url(L.webUrl).optional(), url: url(L.webUrl).optional() });
const form = z.strictObject({
  title: text(L.formTitle),
  description: text(L.formDescription).optional(),
  fields: z
    .array(z.strictObject({ name: z.string().max(L.formFieldName), value: z.string().max(L.formFieldValue) }))
    .min(L.formFieldsMin)
    .max(L.formFieldsMax),
});
const button = z
  .strictObject({
    label: text(L.buttonLabel),
    launchUrl: url(L.launchUrl).optional(),
    postbackProperties: z.strictObject({ interactionId: text(L.interactionId) }).optional(),
  })
  .refine((b) => (b.launchUrl === undefined) !== (b.postbackProperties === undefined), {
    message: 'needs exactly one of launchUrl or postbackProperties',
  });
const template = z.strictObject({
  // No limit annotated for a template's or the content's title.
  title: z.string().optional(),
  imageUrl: url(L.templateImageUrl).optional(),
  textLines: z.array(z.string().max(L.templateTextLine)).max(L.templateTextLines).optional(),
  buttons: z.array(button).max(L.templateButtons).optional(),
  orientation: z.enum(['PORTRAIT', 'LANDSCAPE']).optional(),
});

const envelope = {
  previewText: z.string().max(L.previewText).optional(),
  title: z.string().optional(),
};
const contentSchema = z.union([
  z.strictObject({ ...envelope, basic }),
  z.strictObject({ ...envelope, minimal }),
  z.strictObject({ ...envelope, form }),
  z.strictObject({ ...envelope, template }),
]);

const PAYLOADS = ['basic', 'minimal', 'form', 'template'] as const;

/**
 * Checks content against Inbox's limits and returns it with a `previewText` (the line the Inbox list shows),
 * derived from the content when the caller gave none. Refusals are MESSAGE_INVALID naming the field.
 */
export function validateContent(input: unknown): MessageContent {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new InboxError('MESSAGE_INVALID', 'Message content must be an object.', { field: 'message' });
  }
  if ('system' in input) {
    throw new InboxError('MESSAGE_INVALID', 'System messages are reserved for Wix and cannot be sent.', { field: 'message.system' });
  }
  const present = PAYLOADS.filter((k) => k in input);
  if (present.length !== 1) {
    throw new InboxError('MESSAGE_INVALID', `Message content needs exactly one of ${PAYLOADS.join(', ')}.`, { field: 'message' });
  }
  const parsed = contentSchema.safeParse(input);
  if (!parsed.success) {
    const payload = present[0] as string;
    // The union reports every branch; the branch of the payload actually given is the one that matters.
    const issues = parsed.error.issues.flatMap((i) => ('errors' in i && Array.isArray(i.errors) ? (i.errors as z.core.$ZodIssue[][]).flat() : [i]));
    const issue = issues.find((i) => i.path[0] === payload) ?? issues.find((i) => i.path.length > 0) ?? issues[0];
    const field = ['message', ...(issue?.path ?? [])].map((p, n) => (typeof p === 'number' ? `[${p}]` : n === 0 ? String(p) : `.${String(p)}`)).join('');
    throw new InboxError('MESSAGE_INVALID', `Invalid message content at ${field}: ${issue?.message ?? 'invalid'}.`, { field });
  }
  const content = parsed.data as MessageContent;
  return content.previewText === undefined ? { ...content, previewText: derivePreview(content) } : content;
}

export function derivePreview(content: MessageContent): string {
  let preview: string;
  if ('basic' in content) {
    const first = content.basic.items[0];
    preview = first === undefined ? '' : 'text' in first ? first.text : 'image' in first ? 'Image' : 'File';
  } else if ('minimal' in content) preview = content.minimal.text;
  else if ('form' in content) preview = content.form.title;
  else preview = content.template.title ?? content.template.textLines?.[0] ?? content.title ?? 'Message';
  return truncate(preview.replace(/\s+/g, ' ').trim(), L.previewText);
}

/** A plain string becomes a basic text message; longer than Inbox allows is refused, never cut silently. */
export function textContent(value: string): MessageContent {
  if (value.trim().length === 0) throw new InboxError('MESSAGE_INVALID', 'The message text is empty.', { field: 'message' });
  return validateContent({ basic: { items: [{ text: value }] } });
}

export function truncate(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

export const DEFAULT_VISIBILITY: MessageVisibility = 'BUSINESS_AND_PARTICIPANT';

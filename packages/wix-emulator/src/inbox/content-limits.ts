// The product holds the same table (src/backend/inbox/message-limits.ts): the emulator and the product may not import
// each other. One test holds both copies to the installed typings.
/**
 * Inbox `MessageContent` limits exactly as the official `@wix/inbox` typings annotate them
 * (`@wix/auto_sdk_inbox_messages` index.typings.d.ts: `@minLength`/`@maxLength` on strings, `@minSize`/`@maxSize` on
 * arrays), keyed `Interface.field`. A field without an entry has no annotated limit (titles of templates and of the
 * content have none; basic items have no maximum). tests/regressions/16-inbox-limits-follow-the-typings.test.ts reads
 * the installed typings and fails when they change a limit.
 */
export const INBOX_CONTENT_LIMITS = {
  'MessageContent.previewText': { maxLength: 256 },
  'BasicMessagePayload.items': { minSize: 1 },
  'BasicMessageData.text': { minLength: 1, maxLength: 16_384 },
  'ImageMessage._id': { maxLength: 2_000 },
  'ImageMessage.url': { maxLength: 2_000 },
  'ImageMessage.filename': { maxLength: 255 },
  'FileMessage._id': { maxLength: 2_000 },
  'FileMessage.url': { maxLength: 2_000 },
  'FileMessage.filename': { maxLength: 255 },
  'FileMessage.mimeType': { maxLength: 100 },
  'TemplateMessagePayload.buttons': { maxSize: 10 },
  'TemplateMessagePayload.textLines': { maxSize: 10 },
  'TemplateMessagePayload.imageUrl': { maxLength: 2_000 },
  'Button.label': { minLength: 1, maxLength: 16_384 },
  'Button.launchUrl': { maxLength: 16_384 },
  'PostbackProperties.interactionId': { minLength: 1, maxLength: 256 },
  'MinimalMessagePayload.text': { minLength: 1, maxLength: 16_384 },
  'MinimalMessagePayload.iconUrl': { maxLength: 2_000 },
  'MinimalMessagePayload.url': { maxLength: 2_000 },
  'FormMessagePayload.title': { minLength: 1, maxLength: 256 },
  'FormMessagePayload.description': { minLength: 1, maxLength: 16_384 },
  'FormMessagePayload.fields': { minSize: 1, maxSize: 15 },
  'FormMessagePayload.media': { maxSize: 15 },
  'FormField.name': { maxLength: 8_192 },
  'FormField.value': { maxLength: 8_192 },
} as const;

/** Not an annotation: the typings' description of `textLines` says "up to 512 characters per line". */
export const TEMPLATE_TEXT_LINE_MAX = 512;

// The emulator holds the same table (packages/wix-emulator/src/inbox/content-limits.ts): the product and the emulator may not import
// each other, and a site's code cannot import from outside src/. One test holds both copies to the installed typings.
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

const L = INBOX_CONTENT_LIMITS;

/** The limits the product's own code uses, by what they are for; every number comes from the table above. */
export const MESSAGE_LIMITS = {
  previewText: L['MessageContent.previewText'].maxLength,
  basicItemsMin: L['BasicMessagePayload.items'].minSize,
  text: L['BasicMessageData.text'].maxLength,
  mediaUrl: L['ImageMessage.url'].maxLength,
  mediaFilename: L['ImageMessage.filename'].maxLength,
  mimeType: L['FileMessage.mimeType'].maxLength,
  webUrl: L['MinimalMessagePayload.url'].maxLength,
  formTitle: L['FormMessagePayload.title'].maxLength,
  formDescription: L['FormMessagePayload.description'].maxLength,
  formFieldsMin: L['FormMessagePayload.fields'].minSize,
  formFieldsMax: L['FormMessagePayload.fields'].maxSize,
  formFieldName: L['FormField.name'].maxLength,
  formFieldValue: L['FormField.value'].maxLength,
  templateTextLines: L['TemplateMessagePayload.textLines'].maxSize,
  templateTextLine: TEMPLATE_TEXT_LINE_MAX,
  templateButtons: L['TemplateMessagePayload.buttons'].maxSize,
  templateImageUrl: L['TemplateMessagePayload.imageUrl'].maxLength,
  buttonLabel: L['Button.label'].maxLength,
  launchUrl: L['Button.launchUrl'].maxLength,
  interactionId: L['PostbackProperties.interactionId'].maxLength,
} as const;

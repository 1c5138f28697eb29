import type { messages } from '@wix/inbox';
import {
  exactlyOne,
  isAbsent,
  optionalArray,
  optionalEnum,
  optionalNonNegativeInteger,
  optionalString,
  optionalWebUrl,
  requireArray,
  requireObject,
  requireString,
  requireWebUrl,
  type Json,
} from './inbox-checks';
import { validationError } from '../kernel/wix-errors';
import { INBOX_CONTENT_LIMITS, TEMPLATE_TEXT_LINE_MAX } from './content-limits';

const L = INBOX_CONTENT_LIMITS;

/**
 * `MessageContent` limits by what they are for, every number from the typings' table (content-limits.ts). Exported so
 * tests probe every boundary with the same numbers.
 */
export const CONTENT_LIMITS = {
  previewText: L['MessageContent.previewText'].maxLength,
  text: L['BasicMessageData.text'].maxLength,
  mediaUrl: L['ImageMessage.url'].maxLength,
  mediaFilename: L['ImageMessage.filename'].maxLength,
  mimeType: L['FileMessage.mimeType'].maxLength,
  formTitle: L['FormMessagePayload.title'].maxLength,
  formDescription: L['FormMessagePayload.description'].maxLength,
  formFieldsMin: L['FormMessagePayload.fields'].minSize,
  formFieldsMax: L['FormMessagePayload.fields'].maxSize,
  formFieldName: L['FormField.name'].maxLength,
  formFieldValue: L['FormField.value'].maxLength,
  formMedia: L['FormMessagePayload.media'].maxSize,
  templateTextLines: L['TemplateMessagePayload.textLines'].maxSize,
  templateTextLine: TEMPLATE_TEXT_LINE_MAX,
  templateButtons: L['TemplateMessagePayload.buttons'].maxSize,
  buttonLabel: L['Button.label'].maxLength,
  launchUrl: L['Button.launchUrl'].maxLength,
  interactionId: L['PostbackProperties.interactionId'].maxLength,
  webUrl: L['MinimalMessagePayload.url'].maxLength,
} as const;

/** Content as Inbox stores and returns it: the payload plus the `contentType` Wix adds to responses. */
export type StoredContent = messages.MessageContent & { contentType: messages.ContentTypeWithLiterals };

const PAYLOADS = ['basic', 'template', 'minimal', 'form'] as const;
type Payload = (typeof PAYLOADS)[number];
const CONTENT_TYPE: Record<Payload, messages.ContentTypeWithLiterals> = {
  basic: 'BASIC',
  template: 'TEMPLATE',
  minimal: 'MINIMAL',
  form: 'FORM',
};

/** Validates `message.content` (field prefix `field`) and returns the stored, response-shaped copy. */
export function parseContent(value: unknown, field: string): StoredContent {
  const content = requireObject(value, field);
  // `system` is part of the oneof but reserved for Wix: sending one is refused, whatever else is set.
  if (!isAbsent(content['system'])) throw validationError(`${field}.system`, 'is reserved for internal use and cannot be sent');
  const payload = exactlyOne(content, PAYLOADS, field);
  const previewText = optionalString(content['previewText'], `${field}.previewText`, { max: CONTENT_LIMITS.previewText });
  const title = optionalString(content['title'], `${field}.title`);
  const at = `${field}.${payload}`;
  const body = content[payload];
  const parsed: messages.MessageContentPayloadOneOf =
    payload === 'basic'
      ? { basic: parseBasic(body, at) }
      : payload === 'template'
        ? { template: parseTemplate(body, at) }
        : payload === 'minimal'
          ? { minimal: parseMinimal(body, at) }
          : { form: parseForm(body, at) };
  return {
    ...parsed,
    ...(previewText === undefined ? {} : { previewText }),
    ...(title === undefined ? {} : { title }),
    contentType: CONTENT_TYPE[payload],
  };
}

function parseBasic(value: unknown, field: string): messages.BasicMessagePayload {
  const basic = requireObject(value, field);
  const items = requireArray(basic['items'], `${field}.items`, { min: L['BasicMessagePayload.items'].minSize });
  return {
    items: items.map((raw, i): messages.BasicMessageData => {
      const at = `${field}.items[${i}]`;
      const item = requireObject(raw, at);
      const kind = exactlyOne(item, ['text', 'image', 'file'] as const, at);
      if (kind === 'text') return { text: requireString(item['text'], `${at}.text`, { min: 1, max: CONTENT_LIMITS.text }) };
      if (kind === 'image') return { image: parseImage(item['image'], `${at}.image`) };
      return { file: parseFile(item['file'], `${at}.file`) };
    }),
  };
}

/** The URL is required (responses always carry one); width/height default to 0 like the proto scalars they are. */
function parseImage(value: unknown, field: string): messages.ImageMessage {
  const image = requireObject(value, field);
  const id = optionalString(image['_id'], `${field}._id`, { max: CONTENT_LIMITS.mediaUrl });
  const filename = optionalString(image['filename'], `${field}.filename`, { max: CONTENT_LIMITS.mediaFilename });
  return {
    ...(id === undefined ? {} : { _id: id }),
    url: requireString(image['url'], `${field}.url`, { min: 1, max: CONTENT_LIMITS.mediaUrl }),
    ...(filename === undefined ? {} : { filename }),
    width: optionalNonNegativeInteger(image['width'], `${field}.width`) ?? 0,
    height: optionalNonNegativeInteger(image['height'], `${field}.height`) ?? 0,
  };
}

function parseFile(value: unknown, field: string): messages.FileMessage {
  const file = requireObject(value, field);
  const id = optionalString(file['_id'], `${field}._id`, { max: CONTENT_LIMITS.mediaUrl });
  const filename = optionalString(file['filename'], `${field}.filename`, { max: CONTENT_LIMITS.mediaFilename });
  const mimeType = optionalString(file['mimeType'], `${field}.mimeType`, { max: CONTENT_LIMITS.mimeType });
  return {
    ...(id === undefined ? {} : { _id: id }),
    url: requireString(file['url'], `${field}.url`, { min: 1, max: CONTENT_LIMITS.mediaUrl }),
    ...(filename === undefined ? {} : { filename }),
    ...(mimeType === undefined ? {} : { mimeType }),
  };
}

function parseMinimal(value: unknown, field: string): messages.MinimalMessagePayload {
  const minimal = requireObject(value, field);
  const iconUrl = optionalWebUrl(minimal['iconUrl'], `${field}.iconUrl`, CONTENT_LIMITS.webUrl);
  const url = optionalWebUrl(minimal['url'], `${field}.url`, CONTENT_LIMITS.webUrl);
  return {
    text: requireString(minimal['text'], `${field}.text`, { min: 1, max: CONTENT_LIMITS.text }),
    ...(iconUrl === undefined ? {} : { iconUrl }),
    ...(url === undefined ? {} : { url }),
  };
}

function parseForm(value: unknown, field: string): messages.FormMessagePayload {
  const form = requireObject(value, field);
  const title = optionalString(form['title'], `${field}.title`, { min: 1, max: CONTENT_LIMITS.formTitle });
  const description = optionalString(form['description'], `${field}.description`, { min: 1, max: CONTENT_LIMITS.formDescription });
  const fields = requireArray(form['fields'], `${field}.fields`, { min: CONTENT_LIMITS.formFieldsMin, max: CONTENT_LIMITS.formFieldsMax });
  const media = optionalArray(form['media'], `${field}.media`, { max: CONTENT_LIMITS.formMedia }) ?? [];
  return {
    ...(title === undefined ? {} : { title }),
    ...(description === undefined ? {} : { description }),
    fields: fields.map((raw, i) => {
      const at = `${field}.fields[${i}]`;
      const entry = requireObject(raw, at);
      return {
        name: requireString(entry['name'], `${at}.name`, { max: CONTENT_LIMITS.formFieldName }),
        value: requireString(entry['value'], `${at}.value`, { max: CONTENT_LIMITS.formFieldValue }),
      };
    }),
    media: media.map((raw, i): messages.MediaItem => {
      const at = `${field}.media[${i}]`;
      const item = requireObject(raw, at);
      const kind = exactlyOne(item, ['image', 'file'] as const, at);
      return kind === 'image' ? { image: parseImage(item['image'], `${at}.image`) } : { file: parseFile(item['file'], `${at}.file`) };
    }),
  };
}

function parseTemplate(value: unknown, field: string): messages.TemplateMessagePayload {
  const template = requireObject(value, field);
  const title = optionalString(template['title'], `${field}.title`);
  const imageUrl = optionalWebUrl(template['imageUrl'], `${field}.imageUrl`, CONTENT_LIMITS.webUrl);
  const textLines = optionalArray(template['textLines'], `${field}.textLines`, { max: CONTENT_LIMITS.templateTextLines }) ?? [];
  const buttons = optionalArray(template['buttons'], `${field}.buttons`, { max: CONTENT_LIMITS.templateButtons }) ?? [];
  // The unknown enum value is refused: an orientation must mean something. Wix answers PORTRAIT when none is given.
  const orientation = optionalEnum(template['orientation'], `${field}.orientation`, ['PORTRAIT', 'LANDSCAPE'] as const) ?? 'PORTRAIT';
  return {
    ...(title === undefined ? {} : { title }),
    ...(imageUrl === undefined ? {} : { imageUrl }),
    textLines: textLines.map((line, i) => requireString(line, `${field}.textLines[${i}]`, { max: CONTENT_LIMITS.templateTextLine })),
    buttons: buttons.map((raw, i) => parseButton(raw, `${field}.buttons[${i}]`)),
    orientation,
  };
}

function parseButton(value: unknown, field: string): messages.Button {
  const button = requireObject(value, field);
  const label = requireString(button['label'], `${field}.label`, { min: 1, max: CONTENT_LIMITS.buttonLabel });
  const action = exactlyOne(button, ['launchUrl', 'postbackProperties'] as const, field);
  if (action === 'launchUrl') {
    return { label, launchUrl: requireWebUrl(button['launchUrl'], `${field}.launchUrl`, CONTENT_LIMITS.launchUrl) };
  }
  const postback: Json = requireObject(button['postbackProperties'], `${field}.postbackProperties`);
  return {
    label,
    postbackProperties: {
      interactionId: requireString(postback['interactionId'], `${field}.postbackProperties.interactionId`, {
        min: 1,
        max: CONTENT_LIMITS.interactionId,
      }),
    },
  };
}

/** Wix fills a postback button's (read-only) `appId` with the sending app, as its examples show. */
export function stampPostbackAppId(content: StoredContent, appId: string | undefined): StoredContent {
  if (!content.template?.buttons || appId === undefined) return content;
  return {
    ...content,
    template: {
      ...content.template,
      buttons: content.template.buttons.map((button) =>
        button.postbackProperties ? { ...button, postbackProperties: { ...button.postbackProperties, appId } } : button,
      ),
    },
  };
}

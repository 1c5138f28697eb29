import type { messages } from '@wix/inbox';
import {
  optionalArray,
  optionalBoolean,
  optionalEnum,
  optionalObject,
  optionalString,
  optionalWebUrl,
  requireEnum,
  requireObject,
  requireString,
} from './inbox-checks';
import { parseContent, stampPostbackAppId, type StoredContent } from './inbox-content';
import { validationError } from '../kernel/wix-errors';

/**
 * The app Wix names as sender (`sender.appId`, `message.appId`) when site code sends elevated: the ID its Velo
 * sendMessage examples return (WCD wix-inbox-v2 Messages.service.json).
 */
export const SITE_CODE_APP_ID = '151e476a-715e-ec33-db9a-a7ff4d51f70a';

export const MESSAGE_LIMITS = { badges: 1, targetChannelIds: 100, channelId: 100, targetChannels: 1 } as const;

export const DIRECTIONS = ['BUSINESS_TO_PARTICIPANT', 'PARTICIPANT_TO_BUSINESS'] as const;
export const VISIBILITIES = ['BUSINESS_AND_PARTICIPANT', 'BUSINESS'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export type Visibility = (typeof VISIBILITIES)[number];
const CHANNELS = ['CHAT', 'EMAIL', 'SMS', 'FACEBOOK', 'INSTAGRAM', 'WHATSAPP'] as const;
type Channel = messages.ChannelTypeWithLiterals;

/** A validated message, before Inbox gives it an identity, a sender and a time. */
export interface MessageDraft {
  readonly content: StoredContent;
  readonly direction: Direction;
  readonly visibility: Visibility;
  readonly badges: messages.Badge[];
  readonly targetChannelIds: string[];
  readonly sourceChannelId?: string;
  readonly targetChannels: Channel[];
  readonly sourceChannel: Channel;
  readonly silent?: boolean;
}

/** A message as stored (plain JSON: the date is an ISO string) — the API shape otherwise. */
export type StoredMessage = Omit<messages.Message, '_id' | '_createdDate' | 'content' | 'sequence' | 'sender'> & {
  readonly _id: string;
  readonly content: StoredContent;
  readonly sender: messages.IdentificationData;
  readonly sequence: string;
  readonly _createdDate: string;
  readonly direction: Direction;
  readonly visibility: Visibility;
};

/**
 * Validates sendMessage's `message`. Read-only fields (`_id`, `sender`, `sequence`, `appId`, `_createdDate`) are
 * ignored, as Wix ignores them: Inbox sets them.
 */
export function parseMessage(value: unknown, field = 'message'): MessageDraft {
  const message = requireObject(value, field);
  const content = parseContent(message['content'], `${field}.content`);
  const direction = requireEnum(message['direction'], `${field}.direction`, DIRECTIONS);
  const visibility = requireEnum(message['visibility'], `${field}.visibility`, VISIBILITIES);
  const badges = optionalArray(message['badges'], `${field}.badges`, { max: MESSAGE_LIMITS.badges }) ?? [];
  const targetChannelIds = optionalArray(message['targetChannelIds'], `${field}.targetChannelIds`, {
    max: MESSAGE_LIMITS.targetChannelIds,
  }) ?? [];
  const sourceChannelId = optionalString(message['sourceChannelId'], `${field}.sourceChannelId`, { max: MESSAGE_LIMITS.channelId });
  // Deprecated channel enums (removal 2026-06-30): still accepted and echoed, as Wix's examples show.
  const targetChannels = optionalArray(message['targetChannels'], `${field}.targetChannels`, { max: MESSAGE_LIMITS.targetChannels }) ?? [];
  const sourceChannel = optionalEnum(message['sourceChannel'], `${field}.sourceChannel`, ['UNKNOWN_CHANNEL_TYPE', ...CHANNELS]);
  const silent = optionalBoolean(message['silent'], `${field}.silent`);
  return {
    content,
    direction,
    visibility,
    badges: badges.map((raw, i) => parseBadge(raw, `${field}.badges[${i}]`)),
    targetChannelIds: targetChannelIds.map((id, i) =>
      requireString(id, `${field}.targetChannelIds[${i}]`, { min: 1, max: MESSAGE_LIMITS.channelId }),
    ),
    ...(sourceChannelId === undefined ? {} : { sourceChannelId }),
    targetChannels: targetChannels.map((channel, i) => requireEnum(channel, `${field}.targetChannels[${i}]`, CHANNELS)),
    sourceChannel: sourceChannel ?? 'UNKNOWN_CHANNEL_TYPE',
    ...(silent === undefined ? {} : { silent }),
  };
}

/** Badge text is required (a badge is its text); an unset visibility comes back as the proto default. */
function parseBadge(value: unknown, field: string): messages.Badge {
  const badge = requireObject(value, field);
  const iconUrl = optionalWebUrl(badge['iconUrl'], `${field}.iconUrl`, 2_000);
  return {
    text: requireString(badge['text'], `${field}.text`, { min: 1 }),
    ...(iconUrl === undefined ? {} : { iconUrl }),
    badgeVisibility:
      optionalEnum(badge['badgeVisibility'], `${field}.badgeVisibility`, ['BUSINESS_AND_PARTICIPANT', 'BUSINESS'] as const) ??
      'UNKNOWN_BADGE_VISIBILITY',
  };
}

export interface SendOptions {
  readonly sendNotifications: boolean;
  /** Deprecated option (→ `message.silent`); the message's own flag wins. */
  readonly silent?: boolean;
  readonly sendAs: 'CALLER' | 'PARTICIPANT';
}

export function parseSendOptions(value: unknown): SendOptions {
  const options = optionalObject(value, 'options') ?? {};
  const silent = optionalBoolean(options['silent'], 'options.silent');
  const sendAs = optionalEnum(options['sendAs'], 'options.sendAs', ['CALLER', 'PARTICIPANT', 'BUSINESS_USER'] as const) ?? 'CALLER';
  // BUSINESS_USER is documented as internal: site code has no Wix user to send as.
  if (sendAs === 'BUSINESS_USER') throw validationError('options.sendAs', 'BUSINESS_USER is reserved for internal use');
  return {
    sendNotifications: optionalBoolean(options['sendNotifications'], 'options.sendNotifications') ?? false,
    ...(silent === undefined ? {} : { silent }),
    sendAs,
  };
}

export interface Stamp {
  readonly sequence: string;
  readonly createdDate: string;
  readonly sender: messages.IdentificationData;
  readonly appId?: string;
  readonly silent?: boolean;
}

/** The stored message: Wix uses the sequence value as the message ID too (see its examples). */
export function buildMessage(draft: MessageDraft, stamp: Stamp): StoredMessage {
  return {
    _id: stamp.sequence,
    content: stampPostbackAppId(draft.content, stamp.appId),
    sender: stamp.sender,
    badges: draft.badges,
    targetChannels: draft.targetChannels,
    sourceChannel: draft.sourceChannel,
    ...(stamp.appId === undefined ? {} : { appId: stamp.appId }),
    visibility: draft.visibility,
    sequence: stamp.sequence,
    direction: draft.direction,
    _createdDate: stamp.createdDate,
    targetChannelIds: draft.targetChannelIds,
    ...(draft.sourceChannelId === undefined ? {} : { sourceChannelId: draft.sourceChannelId }),
    silent: draft.silent ?? stamp.silent ?? false,
  };
}

/** A copy in the SDK shape (`_createdDate` as a Date), never the stored object. */
export function toApiMessage(stored: StoredMessage): messages.Message {
  const copy = structuredClone(stored);
  return { ...copy, _createdDate: new Date(copy._createdDate) };
}

import type { conversations, messages } from '@wix/inbox';
import { emitConversationsMerged, emitMessageSent } from './inbox-events';
import { buildMessage, parseMessage, parseSendOptions, toApiMessage, type StoredMessage } from './inbox-message';
import { encodeCursor, pageOf, parseListRequest } from './inbox-paging';
import {
  isGuid,
  parseParticipantId,
  sameParticipant,
  toParticipantId,
  type Participant,
  type ParticipantDirectory,
  type ParticipantId,
} from './inbox-participant';
import { InboxStore, routingKey, type ConversationRecord, type InboxState, type MergeRecord } from './inbox-store';
import { callerIdentity, participantIdentity, toApiConversation } from './inbox-view';
import type { Kernel, OperationOptions } from '../kernel/kernel';
import { applicationError, validationError } from '../kernel/wix-errors';

export type { ParticipantDirectory, ParticipantId } from './inbox-participant';
export { BUSINESS_DISPLAY_NAME } from './inbox-view';
export type { InboxState } from './inbox-store';

/** Test-only view of a conversation: the API shape plus what only the emulator knows. */
export interface InspectedConversation {
  readonly conversation: conversations.Conversation;
  readonly participantId: ParticipantId;
  readonly createdDate: string;
  readonly detached: boolean;
  readonly mergedInto?: string;
  readonly mergedDate?: string;
  readonly messageCount: number;
}

/** Test-only view of a message, with the emulator-only metadata of its send. */
export interface InspectedMessage {
  readonly conversationId: string;
  readonly originalConversationId: string;
  readonly message: messages.Message;
  readonly sendNotifications: boolean;
}

export interface InspectedMerge extends Omit<MergeRecord, 'from' | 'to'> {
  readonly from: ParticipantId;
  readonly to: ParticipantId;
}

/** Velo `wix-inbox.v2`: every operation is an admin method (needs an admin caller or `elevate`). */
const ADMIN: OperationOptions = { access: 'admin', errorStyle: 'v2' };

/**
 * Wix Inbox: one conversation per participant (visitor, contact or member), messages with sequences, merges when a
 * participant changes type, and the Inbox backend events. The emulated API is the four `wix-inbox.v2` operations;
 * `promoteParticipant` is what the contacts/members services call; the rest are test-only controls and inspection.
 */
export class InboxService {
  readonly #kernel: Kernel;
  readonly #directory: ParticipantDirectory;
  readonly #store = new InboxStore();

  constructor(kernel: Kernel, directory: ParticipantDirectory) {
    this.#kernel = kernel;
    this.#directory = directory;
  }

  // ── Emulated API ────────────────────────────────────────────────────────────────────────────────────────────────

  getOrCreateConversation(participantId: conversations.ParticipantId): Promise<conversations.GetOrCreateConversationResponse> {
    return this.#kernel.operate('inbox.getOrCreateConversation', [participantId], ADMIN, () => {
      const { record, created } = this.#getOrCreate(parseParticipantId(participantId, 'participantId'));
      return { conversation: toApiConversation(this.#directory, record), newConversation: created };
    });
  }

  /** The API response `{ conversation }`, as REST answers it; the SDK and the Velo shim resolve the Conversation itself. */
  getConversation(conversationId: string): Promise<conversations.GetConversationResponse> {
    return this.#kernel.operate('inbox.getConversation', [conversationId], ADMIN, () => ({
      conversation: toApiConversation(this.#directory, this.#live(conversationId)),
    }));
  }

  sendMessage(
    conversationId: string,
    message: messages.Message,
    options?: messages.SendMessageOptions,
  ): Promise<messages.SendMessageResponse> {
    const args = options === undefined ? [conversationId, message] : [conversationId, message, options];
    return this.#kernel.operate('inbox.sendMessage', args, ADMIN, (context) => {
      requireConversationId(conversationId);
      const draft = parseMessage(message);
      const sendOptions = parseSendOptions(options);
      const conversation = this.#live(conversationId);
      const caller = callerIdentity(context);
      const stored = this.#append(conversation, buildMessage(draft, {
        ...this.#stamp(),
        sender: sendOptions.sendAs === 'PARTICIPANT' ? participantIdentity(this.#directory, conversation.participant) : caller.sender,
        ...(caller.appId === undefined ? {} : { appId: caller.appId }),
        ...(sendOptions.silent === undefined ? {} : { silent: sendOptions.silent }),
      }), sendOptions.sendNotifications);
      return { message: toApiMessage(stored) };
    });
  }

  listMessages(
    conversationId: string,
    visibility: messages.MessageVisibilityWithLiterals,
    options?: messages.ListMessagesOptions,
  ): Promise<messages.ListMessagesResponse> {
    const args = options === undefined ? [conversationId, visibility] : [conversationId, visibility, options];
    return this.#kernel.operate('inbox.listMessages', args, ADMIN, () => {
      requireConversationId(conversationId);
      const plan = parseListRequest(conversationId, visibility, options);
      this.#live(conversationId);
      // BUSINESS lists everything; BUSINESS_AND_PARTICIPANT only what the participant can see.
      const { page, next } = pageOf(
        this.#store.messagesIn(conversationId),
        (r) => Number(r.message.sequence),
        plan,
        (r) => plan.visibility === 'BUSINESS' || r.message.visibility === 'BUSINESS_AND_PARTICIPANT',
      );
      return {
        messages: page.map((r) => toApiMessage(r.message)),
        pagingMetadata: { count: page.length, cursors: next === undefined ? {} : { next: encodeCursor(plan, next) } },
      };
    });
  }

  // ── Called by the contacts and members services ─────────────────────────────────────────────────────────────────

  /**
   * `from` became `to` (visitor → contact, contact → member, contact merged into contact). Like Wix, when `from` has
   * a conversation, `to` gets one (a new ID, or its existing one), the old thread's messages move into it keeping
   * their sequences (so the result is in chronological order), the old ID stops answering (404
   * CONVERSATION_NOT_FOUND) and `wixCrmInbox_onConversationConversationsMerged` fires.
   */
  promoteParticipant(from: ParticipantId, to: ParticipantId): void {
    const source = parseParticipantId(from, 'from');
    const target = parseParticipantId(to, 'to');
    if (sameParticipant(source, target)) return;
    const old = this.#store.liveConversationOf(routingKey(source, false));
    if (!old) return;
    const existing = this.#store.liveConversationOf(routingKey(target, false));
    const destination = existing ?? this.#create(target, false);
    const at = this.#kernel.clock.now().toISOString();
    const moved = this.#store.merge(old.id, destination.id, at);
    this.#store.logMerge({
      at,
      from: source,
      to: target,
      oldConversationIds: [old.id],
      targetConversationId: destination.id,
      targetCreated: existing === undefined,
      movedMessageIds: moved.map((r) => r.message._id),
    });
    emitConversationsMerged(this.#kernel, [old.id], destination.id);
  }

  // ── Test-only controls and inspection (not part of the Velo surface) ────────────────────────────────────────────

  /**
   * A participant writes to the business (a visitor in the chat widget, a member replying): appends a
   * PARTICIPANT_TO_BUSINESS message from them, creating their conversation if needed, and fires
   * `wixCrmInbox_onMessageSentToBusiness`. `content` is `MessageContent` or plain text.
   */
  participantSendsMessage(
    participantId: ParticipantId,
    content: string | messages.MessageContent,
  ): { conversationId: string; message: messages.Message } {
    const { record } = this.#getOrCreate(parseParticipantId(participantId, 'participantId'));
    const draft = parseMessage({
      content: typeof content === 'string' ? { basic: { items: [{ text: content }] } } : content,
      direction: 'PARTICIPANT_TO_BUSINESS',
      visibility: 'BUSINESS_AND_PARTICIPANT',
    });
    // No appId: Wix omits it for messages written in the Chat widget.
    const stored = this.#append(record, buildMessage(draft, { ...this.#stamp(), sender: participantIdentity(this.#directory, record.participant) }), false);
    return { conversationId: record.id, message: toApiMessage(stored) };
  }

  /** Every conversation ever created, merged ones included (with `mergedInto`). */
  listConversations(): InspectedConversation[] {
    return this.#store.conversations().map((record) => this.#inspect(record));
  }

  /** One conversation by ID, merged ones included; undefined when there is none (no copy of the others is made). */
  inspectConversation(conversationId: string): InspectedConversation | undefined {
    const record = this.#store.conversation(conversationId);
    return record && this.#inspect(record);
  }

  /** The conversation `getOrCreateConversation(participantId)` would return now, if it exists (no 404 checks). */
  conversationOf(participantId: ParticipantId): InspectedConversation | undefined {
    const participant = parseParticipantId(participantId, 'participantId');
    const record = this.#store.liveConversationOf(routingKey(participant, this.#isDetachedRoute(participant)));
    return record && this.#inspect(record);
  }

  /** Messages physically in `conversationId`, oldest first (a merged conversation has none left). */
  messagesOf(conversationId: string): InspectedMessage[] {
    return this.#store.messagesIn(conversationId).map((r) => ({
      conversationId,
      originalConversationId: r.originalConversationId,
      message: toApiMessage(r.message),
      sendNotifications: r.sendNotifications,
    }));
  }

  /** Conversations opened with the contact ID of a contact who is a member (kept away from the member's thread). */
  detachedConversations(): InspectedConversation[] {
    return this.listConversations().filter((c) => c.detached);
  }

  mergeLog(): InspectedMerge[] {
    return structuredClone(this.#store.merges()).map((m) => ({ ...m, from: toParticipantId(m.from), to: toParticipantId(m.to) }));
  }

  exportState(): InboxState {
    return this.#store.exportState();
  }

  importState(state: InboxState): void {
    this.#store.importState(state);
  }

  // ── Internals ───────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * A contact who is a member is addressed by member ID in Inbox; reaching them by contact ID must not land in the
   * member's thread, so such calls get a separate, detached conversation (stricter than Wix documents).
   */
  #isDetachedRoute(participant: Participant): boolean {
    return participant.kind === 'contact' && this.#directory.memberIdOfContact(participant.id) !== undefined;
  }

  #getOrCreate(participant: Participant): { record: ConversationRecord; created: boolean } {
    if (participant.kind === 'contact' && !this.#directory.contactExists(participant.id)) {
      throw applicationError(404, 'CONTACT_NOT_FOUND', 'Contact not found', { contactId: participant.id });
    }
    if (participant.kind === 'member' && !this.#directory.memberExists(participant.id)) {
      throw applicationError(404, 'MEMBER_NOT_FOUND', 'Member not found', { memberId: participant.id });
    }
    const detached = this.#isDetachedRoute(participant);
    const existing = this.#store.liveConversationOf(routingKey(participant, detached));
    return existing ? { record: existing, created: false } : { record: this.#create(participant, detached), created: true };
  }

  #create(participant: Participant, detached: boolean): ConversationRecord {
    const record: ConversationRecord = {
      id: this.#kernel.guid(),
      participant,
      createdDate: this.#kernel.clock.now().toISOString(),
      detached,
    };
    this.#store.add(record);
    return record;
  }

  /** The conversation, unless it does not exist or was merged away: both answer 404 CONVERSATION_NOT_FOUND. */
  #live(conversationId: string): ConversationRecord {
    requireConversationId(conversationId);
    const record = this.#store.conversation(conversationId);
    if (!record || record.mergedInto !== undefined) {
      throw applicationError(404, 'CONVERSATION_NOT_FOUND', 'Conversation not found', { conversationId });
    }
    return record;
  }

  #stamp(): { sequence: string; createdDate: string } {
    const now = this.#kernel.clock.now();
    return { sequence: String(this.#store.nextSequence(now.getTime())), createdDate: now.toISOString() };
  }

  #append(conversation: ConversationRecord, message: StoredMessage, sendNotifications: boolean): StoredMessage {
    this.#store.append(conversation.id, { message, sendNotifications, originalConversationId: conversation.id });
    emitMessageSent(this.#kernel, conversation.id, toApiMessage(message));
    return message;
  }

  #inspect(record: ConversationRecord): InspectedConversation {
    return {
      conversation: toApiConversation(this.#directory, record),
      participantId: toParticipantId(record.participant),
      createdDate: record.createdDate,
      detached: record.detached,
      ...(record.mergedInto === undefined ? {} : { mergedInto: record.mergedInto }),
      ...(record.mergedDate === undefined ? {} : { mergedDate: record.mergedDate }),
      messageCount: this.#store.messagesIn(record.id).length,
    };
  }
}

function requireConversationId(conversationId: unknown): void {
  if (!isGuid(conversationId)) throw validationError('conversationId', 'must be a valid GUID');
}

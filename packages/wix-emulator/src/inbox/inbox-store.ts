import type { Participant } from './inbox-participant';
import type { StoredMessage } from './inbox-message';

/** One conversation. A merged conversation keeps its record (so its ID can answer 404) but no messages. */
export interface ConversationRecord {
  readonly id: string;
  readonly participant: Participant;
  readonly createdDate: string;
  /** Opened with the contact ID of a contact who is a member: kept apart from the member's thread. */
  readonly detached: boolean;
  readonly mergedInto?: string;
  readonly mergedDate?: string;
}

export interface MessageRecord {
  readonly message: StoredMessage;
  /** Emulator-only: what the sender asked for (`sendNotifications`); Wix does not return it. */
  readonly sendNotifications: boolean;
  /** The conversation the message was first sent to, before any merge moved it. */
  readonly originalConversationId: string;
}

export interface MergeRecord {
  readonly at: string;
  readonly from: Participant;
  readonly to: Participant;
  readonly oldConversationIds: readonly string[];
  readonly targetConversationId: string;
  /** True when the target conversation was created by the merge (the participant had none yet). */
  readonly targetCreated: boolean;
  readonly movedMessageIds: readonly string[];
}

/** Plain JSON (dates as ISO strings) for persistence. */
export interface InboxState {
  readonly lastSequence: number;
  readonly conversations: readonly ConversationRecord[];
  readonly messages: readonly (MessageRecord & { readonly conversationId: string })[];
  readonly merges: readonly MergeRecord[];
}

/** Which conversation a participant reaches; detached threads have their own key so they never meet the main one. */
export function routingKey(participant: Participant, detached: boolean): string {
  return `${detached ? 'detached-' : ''}${participant.kind}:${participant.id}`;
}

/** In-memory Inbox data: conversations, their messages (ascending sequence), the merge log. */
export class InboxStore {
  readonly #conversations = new Map<string, ConversationRecord>();
  /** routing key → ID of the participant's live (unmerged) conversation. */
  readonly #live = new Map<string, string>();
  readonly #messages = new Map<string, MessageRecord[]>();
  readonly #merges: MergeRecord[] = [];
  #lastSequence = 0;

  conversation(id: string): ConversationRecord | undefined {
    return this.#conversations.get(id);
  }

  conversations(): ConversationRecord[] {
    return [...this.#conversations.values()];
  }

  liveConversationOf(key: string): ConversationRecord | undefined {
    const id = this.#live.get(key);
    return id === undefined ? undefined : this.#conversations.get(id);
  }

  add(record: ConversationRecord): void {
    this.#conversations.set(record.id, record);
    if (record.mergedInto === undefined) this.#live.set(routingKey(record.participant, record.detached), record.id);
  }

  messagesIn(conversationId: string): readonly MessageRecord[] {
    return this.#messages.get(conversationId) ?? [];
  }

  /**
   * Sequences are site-wide and increasing, in microseconds like Wix's (`"1703756466660667"`), never repeating even
   * when the emulated clock is set back. Merged threads therefore interleave in true send order by sequence alone.
   */
  nextSequence(nowMs: number): number {
    this.#lastSequence = Math.max(nowMs * 1000, this.#lastSequence + 1);
    return this.#lastSequence;
  }

  append(conversationId: string, record: MessageRecord): void {
    const list = this.#messages.get(conversationId) ?? [];
    list.push(record);
    this.#messages.set(conversationId, list);
  }

  /** Moves every message of `fromId` into `toId`, keeping their sequences: the union stays in chronological order. */
  merge(fromId: string, toId: string, at: string): MessageRecord[] {
    const source = this.#conversations.get(fromId);
    if (!source) throw new Error(`No conversation ${fromId}`);
    const moved = this.#messages.get(fromId) ?? [];
    const target = [...(this.#messages.get(toId) ?? []), ...moved];
    target.sort((a, b) => Number(a.message.sequence) - Number(b.message.sequence));
    this.#messages.set(toId, target);
    this.#messages.delete(fromId);
    this.#conversations.set(fromId, { ...source, mergedInto: toId, mergedDate: at });
    this.#live.delete(routingKey(source.participant, source.detached));
    return moved;
  }

  logMerge(record: MergeRecord): void {
    this.#merges.push(record);
  }

  merges(): readonly MergeRecord[] {
    return this.#merges;
  }

  exportState(): InboxState {
    return structuredClone({
      lastSequence: this.#lastSequence,
      conversations: [...this.#conversations.values()],
      messages: [...this.#messages.entries()].flatMap(([conversationId, list]) => list.map((r) => ({ ...r, conversationId }))),
      merges: this.#merges,
    });
  }

  importState(state: InboxState): void {
    const copy = structuredClone(state);
    this.#conversations.clear();
    this.#live.clear();
    this.#messages.clear();
    this.#merges.length = 0;
    this.#lastSequence = copy.lastSequence;
    for (const record of copy.conversations) this.add(record);
    for (const { conversationId, ...record } of copy.messages) this.append(conversationId, record);
    for (const list of this.#messages.values()) list.sort((a, b) => Number(a.message.sequence) - Number(b.message.sequence));
    this.#merges.push(...copy.merges);
  }
}

import type { messages } from '@wix/inbox';
import type { InspectedConversation, InspectedMerge, ParticipantId, SiteControls } from '../index';

export type ParticipantKind = 'visitor' | 'contact' | 'member';

/** One step of a merge chain: a conversation that was merged (into the next step, or into the conversation itself). */
export interface ChainLink {
  readonly conversationId: string;
  readonly kind: ParticipantKind;
  readonly participant: string;
  readonly mergedAt: string;
}

export interface MessageLine {
  readonly sequence: string;
  readonly at: string;
  readonly direction: 'BUSINESS_TO_PARTICIPANT' | 'PARTICIPANT_TO_BUSINESS';
  readonly visibility: 'BUSINESS' | 'BUSINESS_AND_PARTICIPANT';
  readonly text: string;
  readonly sender: string;
  /** Set when the message was sent to a conversation that was later merged into this one. */
  readonly mergedFrom?: string;
}

/** A live conversation as the owner reads it: whose it is, where it came from, what it holds. */
export interface ConversationView {
  readonly id: string;
  readonly kind: ParticipantKind;
  readonly participantId: ParticipantId;
  /** The participant's ID, plus name and email for contacts and members (typed by them: untrusted). */
  readonly participant: string;
  readonly detached: boolean;
  readonly createdDate: string;
  /** Oldest first; the last link was merged into this conversation. Empty when nothing was merged in. */
  readonly chain: readonly ChainLink[];
  readonly messages: readonly MessageLine[];
}

export interface InboxView {
  readonly conversations: readonly ConversationView[];
  readonly mergedCount: number;
}

/**
 * The Inbox as the site owner sees it, from the emulator's inspection controls: one entry per live conversation
 * (merged ones appear only in the chains of the conversations they were merged into), newest activity first.
 */
export function inboxView(controls: SiteControls): InboxView {
  const all = controls.inspect.conversations();
  const merges = controls.inspect.merges();
  const names = participantNames(controls);
  const describe = (p: ParticipantId) => names(p);
  const live = all.filter((c) => c.mergedInto === undefined);
  const conversations = live.map((c): ConversationView => {
    const id = c.conversation._id ?? '';
    return {
      id,
      kind: kindOf(c.participantId),
      participantId: c.participantId,
      participant: describe(c.participantId),
      detached: c.detached,
      createdDate: c.createdDate,
      chain: chainInto(id, merges, describe),
      messages: controls.inspect.messages(id).map((m) => ({
        sequence: m.message.sequence ?? '',
        at: m.message._createdDate instanceof Date ? m.message._createdDate.toISOString() : String(m.message._createdDate ?? ''),
        direction: m.message.direction === 'PARTICIPANT_TO_BUSINESS' ? 'PARTICIPANT_TO_BUSINESS' : 'BUSINESS_TO_PARTICIPANT',
        visibility: m.message.visibility === 'BUSINESS' ? 'BUSINESS' : 'BUSINESS_AND_PARTICIPANT',
        text: messageText(m.message.content),
        sender: senderOf(m.message.sender),
        ...(m.originalConversationId === id ? {} : { mergedFrom: m.originalConversationId }),
      })),
    };
  });
  const lastSequence = (c: ConversationView) => Number(c.messages.at(-1)?.sequence ?? 0);
  conversations.sort((a, b) => lastSequence(b) - lastSequence(a) || b.createdDate.localeCompare(a.createdDate));
  return { conversations, mergedCount: all.length - live.length };
}

/** The merges that led into `conversationId`, oldest first (a merge's own sources before it). */
function chainInto(conversationId: string, merges: readonly InspectedMerge[], describe: (p: ParticipantId) => string): ChainLink[] {
  const links: ChainLink[] = [];
  const visit = (target: string, seen: Set<string>) => {
    for (const merge of merges.filter((m) => m.targetConversationId === target)) {
      for (const old of merge.oldConversationIds) {
        if (seen.has(old)) continue; // a corrupt state must not loop the view
        seen.add(old);
        visit(old, seen);
        links.push({ conversationId: old, kind: kindOf(merge.from), participant: describe(merge.from), mergedAt: merge.at });
      }
    }
  };
  visit(conversationId, new Set([conversationId]));
  return links.sort((a, b) => a.mergedAt.localeCompare(b.mergedAt));
}

export function kindOf(participant: ParticipantId): ParticipantKind {
  if ('memberId' in participant) return 'member';
  if ('contactId' in participant) return 'contact';
  return 'visitor';
}

/** "member <id> · Ada · ada@example.com": IDs from the emulator, name and email as the person typed them. */
export function participantNames(controls: SiteControls): (p: ParticipantId) => string {
  const contacts = new Map(controls.inspect.contacts().map((c) => [c._id, c]));
  const members = new Map(controls.inspect.members().map((m) => [m._id, m]));
  return (p) => {
    if ('anonymousVisitorId' in p) return `anonymous visitor ${p.anonymousVisitorId}`;
    if ('contactId' in p) {
      const contact = contacts.get(p.contactId);
      return [`contact ${p.contactId}`, contact?.info?.name?.first, contact?.primaryInfo?.email].filter(Boolean).join(' · ');
    }
    const member = members.get(p.memberId);
    const name = member?.contactDetails?.firstName ?? member?.profile?.nickname;
    return [`member ${p.memberId}`, name, member?.loginEmail].filter(Boolean).join(' · ');
  };
}

function senderOf(sender: messages.Message['sender']): string {
  if (!sender) return 'unknown';
  if (sender.appId) return `the site's code (app ${sender.appId.slice(0, 8)})`;
  if (sender.wixUserId) return `Wix user ${sender.wixUserId}`;
  if (sender.memberId) return `member ${sender.memberId}`;
  if (sender.contactId) return `contact ${sender.contactId}`;
  if (sender.anonymousVisitorId) return `visitor ${sender.anonymousVisitorId}`;
  return 'unknown';
}

/** A message's content as plain lines of text (what the Inbox shows), whatever its kind. */
export function messageText(content: messages.MessageContent | undefined): string {
  if (!content) return '';
  if (content.basic) return (content.basic.items ?? []).map((item) => item.text ?? (item.image ? '[image]' : '[file]')).join('\n');
  if (content.template) return [content.template.title, ...(content.template.textLines ?? [])].filter(Boolean).join('\n');
  if (content.minimal) return content.minimal.text ?? '';
  if (content.form) {
    const fields = (content.form.fields ?? []).map((f) => `${f.name ?? ''}: ${f.value ?? ''}`);
    return [content.form.title, ...fields].filter(Boolean).join('\n');
  }
  if (content.system) return content.system.text ?? '';
  return content.previewText ?? '';
}

/** The conversation the person at the browser has, as they see it (business-only messages hidden). */
export function ownThread(controls: SiteControls, participant: ParticipantId | undefined): InspectedConversation | undefined {
  if (!participant) return undefined;
  return controls.inspect.conversations().find((c) => c.mergedInto === undefined && !c.detached && sameParticipant(c.participantId, participant));
}

function sameParticipant(a: ParticipantId, b: ParticipantId): boolean {
  return kindOf(a) === kindOf(b) && Object.values(a)[0] === Object.values(b)[0];
}

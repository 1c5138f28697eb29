import type { conversations, messages } from '@wix/inbox';
import type { CallContext } from '../kernel/caller';
import { SITE_CODE_APP_ID } from './inbox-message';
import type { Participant, ParticipantDirectory } from './inbox-participant';
import type { ConversationRecord } from './inbox-store';

/** The business name Wix shows in `businessDisplayData` (the site's name). */
export const BUSINESS_DISPLAY_NAME = 'Emulated Site';
/** Wix shows the participant's name or email; the emulator shows a role label so no personal data is echoed. */
const PARTICIPANT_LABEL: Record<Participant['kind'], string> = { visitor: 'Visitor', contact: 'Contact', member: 'Member' };

/** The participant as Inbox names them; `contactId` (read-only) is filled for members from their contact. */
export function participantIdentity(
  directory: ParticipantDirectory,
  participant: Participant,
): conversations.IdentificationData & messages.IdentificationData {
  if (participant.kind === 'visitor') return { anonymousVisitorId: participant.id };
  if (participant.kind === 'contact') return { contactId: participant.id };
  const contactId = directory.contactIdOfMember(participant.id);
  return { memberId: participant.id, ...(contactId === undefined ? {} : { contactId }) };
}

/** A fresh API-shaped Conversation (no `channels`: deprecated, and Wix decides them per site). */
export function toApiConversation(directory: ParticipantDirectory, record: ConversationRecord): conversations.Conversation {
  return {
    _id: record.id,
    participant: participantIdentity(directory, record.participant),
    businessDisplayData: { name: BUSINESS_DISPLAY_NAME },
    participantDisplayData: { name: PARTICIPANT_LABEL[record.participant.kind] },
  };
}

/**
 * Who `sendAs: 'CALLER'` names. Elevated site code (and backend jobs) call as the site's code app; an admin calling
 * without elevation is a Wix user. Visitors and members never get here (the admin check refuses them first).
 */
export function callerIdentity(context: CallContext): { sender: messages.IdentificationData; appId?: string } {
  const { caller } = context;
  if (context.elevated || caller.kind === 'system') return { sender: { appId: SITE_CODE_APP_ID }, appId: SITE_CODE_APP_ID };
  if (caller.kind === 'admin') return { sender: { wixUserId: caller.userId } };
  if (caller.kind === 'member') return { sender: { memberId: caller.memberId } };
  return { sender: { anonymousVisitorId: caller.visitorId } };
}

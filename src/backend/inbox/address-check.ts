import type { DeliveryDependencies } from './delivery';
import { InboxError, isInboxError } from './errors';
import { resolveRecipient, type Recipient } from './participant';
import type { Target } from './reconcile';

/**
 * The conversation to send to, once getOrCreateConversation has answered for `target`.
 *
 * A contact who signs up between resolution and the lookup is addressed by contact ID after the sign-up: Wix merged the
 * contact's conversation into the member's at the sign-up, so the lookup cannot find it and creates a conversation of
 * its own, which the member never sees. A second send that resolved before the same sign-up then finds that very
 * conversation (`newConversation: false`): nothing it read before its lookup can tell it from the contact's own thread,
 * because the conversation did not exist then. So every send to a contact reads the contact again, by ID, after the
 * lookup answered, and a member now is sent to in the member's conversation (the other stays empty). A send to a
 * member is never checked. A sign-up after this read comes after the conversation existed: Wix merges it, and a send
 * there is refused and resolved once more (delivery.ts).
 *
 * Where the caller looks the conversation up a round trip early (a visitor's acknowledgement, send.ts), this read runs
 * beside the intent insert and costs a call, not a round trip; elsewhere it is one round trip more on a send to a
 * contact. A read beside the lookup would cost the same call and leave the sign-up free to land between the two.
 *
 * The read is `getContact`, not the contacts search (whose index may lag behind the sign-up), and asks only whether
 * this contact is a member's now, not who the intent's query would name. (docs/decisions/0020-delivery-v3.md)
 */
export async function addressedNow(deps: DeliveryDependencies, target: Target): Promise<Target> {
  const { participantId } = target.recipient;
  if (target.recipient.kind !== 'contact' || !('contactId' in participantId)) return target;
  const contact = await deps.directory.contactById(participantId.contactId);
  // Gone since the lookup (deleted, or merged into another contact): nobody is a member through it. The send goes
  // where it was going; a conversation merged away meanwhile is refused and resolved once more, as any other.
  if (contact === undefined || !contact.belongsToMember) return target;
  // A member's now (a sign-up since the resolution, the rare case): which member, by the usual rules.
  const now = await resolveRecipient(deps.directory, { contactId: participantId.contactId }).catch((error: unknown): Recipient | undefined => {
    if (isInboxError(error) && error.code === 'PARTICIPANT_NOT_FOUND') return undefined;
    throw error;
  });
  if (now === undefined || now.kind === 'contact') {
    // The search has not caught up with the sign-up the read saw: the member is not found yet. Try again later rather
    // than send where the member would never see it.
    throw new InboxError('INBOX_UNAVAILABLE', 'This contact has just become a member whose record is not found yet.', { retryable: true });
  }
  const conversation = await deps.inbox.getOrCreateConversation(now.participantId);
  return { conversationId: conversation.conversationId, recipient: now, newConversation: conversation.newConversation };
}

import { isInboxError } from './errors';
import { isTemplateMessage, prepareMessage, type PreparedMessage } from './message-input';
import type { TemplateCatalog } from './owner-wording';
import { resolveRecipient, type Recipient } from './participant';
import type { ParticipantQuery } from './participant-query';
import type { Directory } from './ports';

/**
 * Prepares a send's message with the site's templates as they stand for this person: configuration, then the owner's
 * CMS row — in the person's language when some row of the template names a language. Only then is the person resolved
 * before the send (and the resolution handed on, so it is not done twice): one round trip more, for such templates only
 * — none when the caller already knows the person (`known`).
 */
export async function prepareForPerson(
  deps: { readonly directory: Directory; readonly templates?: TemplateCatalog },
  message: unknown,
  query: ParticipantQuery,
  known?: Recipient,
): Promise<{ readonly prepared: PreparedMessage; readonly recipient?: Recipient }> {
  const catalog = deps.templates;
  if (!catalog || !isTemplateMessage(message)) return { prepared: prepareMessage(message, catalog?.base) };
  const name = message.template;
  let recipient: Recipient | undefined;
  let language: string | undefined;
  if (await catalog.hasLanguageRows(name)) {
    try {
      // Who the caller already resolved (a visitor's acknowledgement): the same person its early lookup was made
      // for, never a newer answer the lookup would not match (a sign-up in between would pair a member with the
      // conversation looked up by contact ID, which the re-check then skips).
      recipient = known ?? (await resolveRecipient(deps.directory, query));
      language = await languageOf(deps.directory, recipient);
    } catch (error) {
      // Nobody to reach, or Wix failed: the send itself resolves again and answers (or queues) as it always does.
      if (!isInboxError(error)) throw error;
    }
  }
  const chosen = await catalog.template(name, language);
  return { prepared: prepareMessage(message, catalog.base, chosen), ...(recipient ? { recipient } : {}) };
}

/**
 * The person's language as Wix Multilingual records it: the contact's `info.locale` (@wix/crm ContactInfo.locale,
 * an IETF tag); a member's is their contact's.
 */
export async function languageOf(directory: Directory, recipient: Recipient): Promise<string | undefined> {
  const contactId = 'contactId' in recipient.participantId ? recipient.participantId.contactId : await directory.memberContactId(recipient.participantId.memberId);
  if (!contactId) return undefined;
  const [contact] = await directory.findContacts({ ids: [contactId], emails: [], phones: [] });
  return contact?.locale;
}

import { InboxError } from './errors';
import { fingerprint } from './fingerprint';
import { formValueText } from './form-values';
import { MESSAGE_LIMITS } from './message-limits';
import { asPlainWords } from './plain-words';
import { truncate } from './message';
import { resolveParticipantId } from './participant';
import type { ParticipantQuery } from './participant-query';
import type { RateLimiter } from './ports';
import { sendToParticipant, type SendDependencies, type SendResult } from './send';

/** Which automatic messages the site sends (inbox.config.js `automatic`); a switched-off handler sends and writes nothing. */
export interface EventSettings {
  /** Answer a participant's message with the `auto-acknowledgement` template (at most once per 24 h). Off by default. */
  readonly autoAcknowledge: boolean;
  /** Send `welcome` to each new member. On by default. */
  readonly welcomeOnSignUp?: boolean;
  /** Record each form submission in the submitter's conversation, for the business. On by default. */
  readonly formRecord?: boolean;
}

export const DEFAULT_EVENT_SETTINGS: EventSettings = { autoAcknowledge: false, welcomeOnSignUp: true, formRecord: true };

/** Logs without personal data: IDs and counts only. */
export interface EventLog {
  info(message: string, details: Readonly<Record<string, string | number | boolean>>): void;
}

/**
 * Wix documents `wixCrm_onFormSubmit` for the old Forms element only; should a site receive both events for one
 * submission (or one event twice), one record per submission is enough.
 */
export const FORM_DUPLICATE_WINDOW_MS = 10 * 60 * 1000;

/**
 * What identifies one submission across the two form events: the contact and the submitted values. Not the field
 * names — the old event names a field by its label ("First Name"), the new one by its key ("first_name") — and not
 * their order or the empty fields one event may list and the other leave out. Values are compared as the record
 * shows them (text, lists comma-joined).
 */
export function formRecordKey(contactId: string, fields: readonly { readonly name: string; readonly value: string }[]): string {
  const values = fields.map((f) => f.value.trim()).filter((v) => v !== '').sort();
  return `form-record:${contactId}:${fingerprint(JSON.stringify(values))}`;
}

interface EventMetadata {
  readonly metadata?: { readonly id?: string };
}
interface MemberCreatedEvent extends EventMetadata {
  readonly entity: { readonly _id: string; readonly profile?: { readonly nickname?: string }; readonly contactDetails?: { readonly firstName?: string } };
}
interface FormSubmitEvent {
  readonly contactId?: string;
  readonly formName?: string;
  readonly submissionData?: readonly { readonly fieldName: string; readonly fieldValue: unknown }[];
}
/**
 * Wix Forms' own submissions carry this namespace; bookings, checkout, pricing plans and other apps submit through the
 * same Form Submissions API under theirs (wix-forms-v2 Submission `namespace`), and are not the site's contact forms.
 */
export const WIX_FORMS_NAMESPACE = 'wix.form_app.form';

interface SubmissionCreatedEvent {
  readonly entity: {
    readonly _id: string;
    readonly namespace?: string;
    readonly formId?: string;
    readonly contactId?: string;
    readonly submissions?: Readonly<Record<string, unknown>>;
  };
}
interface MessageSentToBusinessEvent extends EventMetadata {
  readonly data: {
    readonly conversationId: string;
    readonly message: {
      readonly content?: { readonly form?: unknown };
      readonly sender?: { readonly contactId?: string; readonly memberId?: string; readonly anonymousVisitorId?: string };
    };
  };
}
/** As the @wix/inbox typings declare `ConversationsMerged`: both fields optional. */
interface ConversationsMergedEvent {
  readonly data: { readonly oldConversationIds?: readonly string[]; readonly targetConversationId?: string };
}

/** The site event handlers, built on the inbox module. `backend/events.ts` exports them under Wix's names. */
export function createEventHandlers(deps: SendDependencies & { readonly rateLimiter: RateLimiter }, log: EventLog, settings: EventSettings = DEFAULT_EVENT_SETTINGS) {
  async function recordForm(contactId: string, title: string, fields: { name: string; value: string }[]): Promise<SendResult | undefined> {
    if (settings.formRecord === false) return undefined;
    // The same submission may arrive through both form events (and any event may be redelivered), each naming the
    // form and its fields its own way: the contact and the submitted values identify it. One record per 10 minutes of
    // them, decided by an insert (a sliding window of one slot); the slot's name, unique for ever, keys the record,
    // so an identical submission after the window is a new record, not a replay of the old one's result.
    const slot = await deps.rateLimiter.take(formRecordKey(contactId, fields), 1, FORM_DUPLICATE_WINDOW_MS);
    if (!slot.allowed) return undefined;
    const key = slot.slot;
    try {
      const result = await sendToParticipant(
        deps,
        { contactId },
        { form: { title: truncate(title || 'Form submission', MESSAGE_LIMITS.formTitle), fields: fields.slice(0, MESSAGE_LIMITS.formFieldsMax) } },
        { direction: 'PARTICIPANT_TO_BUSINESS', visibility: 'BUSINESS', sendNotifications: false, idempotencyKey: key },
      );
      log.info('velo-inbox: form submission recorded', { fields: fields.length, status: result.status });
      return result;
    } catch (error) {
      // Unrecorded: a redelivered event may record it.
      await slot.giveBack();
      throw error;
    }
  }

  async function contactOfSubmittedEmail(fields: readonly { name: string; value: string }[]): Promise<string | undefined> {
    const email = fields.find((f) => /e-?mail/i.test(f.name) && f.value.includes('@'))?.value;
    if (!email) return undefined;
    return (await resolveParticipantId(deps.directory, { email })).contactId;
  }

  return {
    /** New member → `welcome`, addressed by member ID (never by the member's contact ID). */
    async wixMembers_onMemberCreated(event: MemberCreatedEvent): Promise<SendResult | undefined> {
      if (settings.welcomeOnSignUp === false) return undefined;
      // The name came from whoever filled in the contact or profile (a form, the member): the first that is plain words,
      // else none, and the template greets without a name.
      const name = [event.entity.contactDetails?.firstName, event.entity.profile?.nickname].find((n) => asPlainWords(n) !== undefined);
      // Keyed by the event, so a redelivered event sends nothing more.
      const idempotencyKey = `member-created:${event.metadata?.id ?? event.entity._id}`;
      const result = await sendToParticipant(deps, { memberId: event.entity._id }, { template: 'welcome', vars: name === undefined ? {} : { name } }, { idempotencyKey });
      log.info('velo-inbox: welcome', { status: result.status });
      return result;
    },

    /** Old Wix Forms: record what was submitted in the contact's conversation, for the business only. */
    async wixCrm_onFormSubmit(event: FormSubmitEvent): Promise<SendResult | undefined> {
      if (!event.contactId) throw new InboxError('INVALID_INPUT', 'Form submission event without a contact ID.', { field: 'event.contactId' });
      const fields = (event.submissionData ?? []).map((f) => ({ name: f.fieldName, value: formValue(f.fieldValue) }));
      return recordForm(event.contactId, event.formName ?? 'Form submission', fields);
    },

    /** New Wix Forms: the same record, for Wix Forms' own submissions only; the submission names its contact. */
    async wixForms_onSubmissionCreated(event: SubmissionCreatedEvent): Promise<SendResult | undefined> {
      if (settings.formRecord === false) return undefined;
      if (event.entity.namespace !== WIX_FORMS_NAMESPACE) {
        log.info('velo-inbox: submission of another app not recorded', { namespace: String(event.entity.namespace) });
        return undefined;
      }
      const { submissions = {} } = event.entity;
      const fields = Object.entries(submissions).map(([name, value]) => ({ name, value: formValue(value) }));
      // Whether Wix sets the submission's contact ID this early is unconfirmed: fall back to the submitted email.
      const contactId = event.entity.contactId ?? (await contactOfSubmittedEmail(fields));
      if (!contactId) {
        throw new InboxError('INVALID_INPUT', 'Form submission with neither a contact ID nor an email field.', { field: 'event.entity.contactId' });
      }
      return recordForm(contactId, formTitle(event), fields);
    },

    /** Optional auto-acknowledgement of a participant's message; never for form records or unaddressable visitors. */
    async wixCrmInbox_onMessageSentToBusiness(event: MessageSentToBusinessEvent): Promise<SendResult | undefined> {
      if (!settings.autoAcknowledge || event.data.message.content?.form !== undefined) return undefined;
      const sender = event.data.message.sender ?? {};
      const query: ParticipantQuery | undefined = sender.memberId
        ? { memberId: sender.memberId }
        : sender.contactId
          ? { contactId: sender.contactId }
          : undefined;
      if (!query) {
        log.info('velo-inbox: auto-acknowledgement skipped: anonymous sender', { conversationId: event.data.conversationId });
        return undefined;
      }
      const idempotencyKey = `auto-ack:${event.metadata?.id ?? `${event.data.conversationId}:${deps.clock.now().toISOString()}`}`;
      return sendToParticipant(deps, query, { template: 'auto-acknowledgement' }, { idempotencyKey });
    },

    /** Merges need no action (every send looks the conversation up afresh); they are logged for the record. */
    wixCrmInbox_onConversationConversationsMerged(event: ConversationsMergedEvent): void {
      log.info('velo-inbox: conversations merged', {
        targetConversationId: event.data.targetConversationId ?? 'unknown',
        merged: event.data.oldConversationIds?.length ?? 0,
      });
    },
  };
}

function formValue(value: unknown): string {
  return truncate(formValueText(value), MESSAGE_LIMITS.formFieldValue);
}

function formTitle(event: SubmissionCreatedEvent): string {
  return event.entity.formId ? `Form ${event.entity.formId.slice(0, 8)}` : 'Form submission';
}

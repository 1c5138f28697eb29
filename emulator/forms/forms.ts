import type { Contacts, Events } from 'wix-crm-backend';
import type { Caller } from '../kernel/caller';
import type { ContactsService } from '../contacts/contacts';
import { hasIdentifyingInfo } from '../contacts/contacts-model';
import type { Kernel } from '../kernel/kernel';
import { applicationError, permissionError, validationError } from '../kernel/wix-errors';

/** `wixForms`: the old WixForms element; `wixFormsV2`: the new Wix Forms app. */
export type FormGeneration = 'wixForms' | 'wixFormsV2';

export interface FormSubmission {
  readonly generation: FormGeneration;
  readonly formName: string;
  /** New forms only; when absent, one ID per form name is minted and reused. */
  readonly formId?: string;
  /**
   * Field name → submitted value, as the visitor filled them in: text, or a number, boolean or list of choices for
   * new-forms inputs that produce them. Anything else is refused.
   */
  readonly fields: Readonly<Record<string, unknown>>;
}

export interface FormSubmitted {
  readonly submissionId: string;
  readonly contactId: string;
}

/** Plain JSON for persistence: the IDs minted for new-forms submissions that named no `formId`, one per form name. */
export interface FormsState {
  readonly formIds: readonly { readonly formName: string; readonly formId: string }[];
}

/** `wixForms_onSubmissionCreated` (WCD `wix-forms-v2` Events): the submission entity and event metadata. */
export interface SubmissionCreatedEvent {
  readonly entity: {
    readonly _id: string;
    readonly formId: string;
    readonly namespace: 'wix.form_app.form';
    readonly status: 'CONFIRMED';
    readonly submissions: Record<string, unknown>;
    readonly submitter: { memberId: string } | { visitorId: string } | { userId: string };
    readonly contactId: string;
    readonly _createdDate: Date;
  };
  readonly metadata: { readonly id: string; readonly entityId: string; readonly eventTime: Date };
}

/**
 * A visitor submitting a Wix form: the contact is upserted the way appendOrCreateContact does it (from the
 * submitter's session), then the form events fire. `wixCrm_onFormSubmit` is documented for the old forms only; the
 * emulator fires it for both generations (UNCONFIRMED for new forms) so handlers written for either keep working.
 */
export class FormsService {
  readonly #formIds = new Map<string, string>();

  constructor(
    private readonly kernel: Kernel,
    private readonly contacts: ContactsService,
  ) {}

  submit(submission: FormSubmission): Promise<FormSubmitted> {
    return this.kernel.operate('forms.submit', [submission], { access: 'anyone', errorStyle: 'v2' }, (context) => {
      const { caller } = context;
      // Forms are filled in on a page: backend-only contexts (event handlers, jobs) have no session to submit from.
      if (caller.kind === 'system') throw permissionError('forms.submit');
      checkSubmission(submission);
      const info = contactInfoFromFields(submission.fields);
      if (!hasIdentifyingInfo(info)) {
        throw applicationError(400, 'INSUFFICIENT_CONTACT_DATA', 'The submission has no email, phone or name field');
      }
      const { contactId, identityType } = this.contacts.reconcile(info, context, 'WIX_FORMS');
      if (identityType !== 'NOT_AUTHENTICATED_MEMBER') this.contacts.recordActivity(contactId, 'FORM_SUBMITTED');
      const submissionId = this.kernel.guid();
      const now = this.kernel.clock.now();
      const formSubmit: Events.FormSubmitEvent = {
        contactId,
        formName: submission.formName,
        submissionTime: now,
        submissionData: Object.entries(submission.fields).map(([fieldName, value]) => ({ fieldName, fieldValue: asText(value) })),
        attachments: [],
      };
      this.kernel.events.emit('wixCrm_onFormSubmit', formSubmit);
      if (submission.generation === 'wixFormsV2') {
        const created: SubmissionCreatedEvent = {
          entity: {
            _id: submissionId,
            formId: submission.formId ?? this.#formIdOf(submission.formName),
            namespace: 'wix.form_app.form',
            status: 'CONFIRMED',
            submissions: structuredClone({ ...submission.fields }),
            submitter: submitterOf(caller),
            contactId,
            _createdDate: now,
          },
          metadata: { id: this.kernel.guid(), entityId: submissionId, eventTime: now },
        };
        this.kernel.events.emit('wixForms_onSubmissionCreated', created);
      }
      return { submissionId, contactId };
    });
  }

  // ---- persistence ---------------------------------------------------------------------------------------------

  /** A restored site keeps answering a form's submissions with the form ID it minted before. */
  exportState(): FormsState {
    return { formIds: [...this.#formIds].map(([formName, formId]) => ({ formName, formId })) };
  }

  importState(state: FormsState): void {
    this.#formIds.clear();
    for (const { formName, formId } of state.formIds) this.#formIds.set(formName, formId);
  }

  #formIdOf(formName: string): string {
    let id = this.#formIds.get(formName);
    if (id === undefined) {
      id = this.kernel.guid();
      this.#formIds.set(formName, id);
    }
    return id;
  }
}

function checkSubmission(submission: FormSubmission): void {
  if (submission.generation !== 'wixForms' && submission.generation !== 'wixFormsV2') {
    throw validationError('generation', 'must be "wixForms" or "wixFormsV2"');
  }
  if (typeof submission.formName !== 'string' || submission.formName.trim() === '') {
    throw validationError('formName', 'must be a non-empty string');
  }
  if (submission.fields === null || typeof submission.fields !== 'object' || Array.isArray(submission.fields)) {
    throw validationError('fields', 'must be an object of field name to value');
  }
  for (const [name, value] of Object.entries(submission.fields)) {
    const ok =
      ['string', 'number', 'boolean'].includes(typeof value) ||
      (Array.isArray(value) && value.every((item) => typeof item === 'string'));
    if (!ok) throw validationError(`fields.${name}`, 'must be text, a number, a boolean or a list of texts');
  }
}

/** The old forms event carries every value as text (`FormField.fieldValue: string`); lists are comma-joined. */
function asText(value: unknown): string {
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** `First Name`, `first_name` and `firstName` all mean the same field: compare letters only, ignoring case. */
const fieldKey = (name: string): string => name.toLowerCase().replace(/[^a-z]/g, '');

/**
 * Picks the contact details out of the common field names (email, phone, firstName, lastName, name). A lone `name`
 * field is split at its first space into first and last name.
 */
export function contactInfoFromFields(fields: Readonly<Record<string, unknown>>): Contacts.ContactInfo {
  const byKey = new Map<string, string>();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value !== 'string') continue;
    const trimmed = value.trim();
    if (trimmed !== '' && !byKey.has(fieldKey(name))) byKey.set(fieldKey(name), trimmed);
  }
  const email = byKey.get('email');
  const phone = byKey.get('phone');
  let first = byKey.get('firstname');
  let last = byKey.get('lastname');
  const full = byKey.get('name');
  if (full !== undefined && first === undefined && last === undefined) {
    const space = full.indexOf(' ');
    first = space < 0 ? full : full.slice(0, space);
    last = space < 0 ? undefined : full.slice(space + 1).trim() || undefined;
  }
  return {
    ...(first !== undefined || last !== undefined ? { name: { first, last } } : {}),
    ...(email !== undefined ? { emails: [{ email }] } : {}),
    ...(phone !== undefined ? { phones: [{ phone }] } : {}),
  };
}

function submitterOf(caller: Exclude<Caller, { kind: 'system' }>): SubmissionCreatedEvent['entity']['submitter'] {
  switch (caller.kind) {
    case 'member':
      return { memberId: caller.memberId };
    case 'admin':
      return { userId: caller.userId };
    case 'visitor':
      return { visitorId: caller.visitorId };
  }
}

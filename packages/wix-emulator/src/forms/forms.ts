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
   * New forms only: the app the form belongs to. Default `wix.form_app.form` (Wix Forms' own); other apps (bookings,
   * checkout, pricing plans) submit through the same Form Submissions API under their own namespace.
   */
  readonly namespace?: string;
  /**
   * Field key → submitted value, as the visitor filled them in: text for the old forms; for new forms also a number,
   * boolean, list of choices, an object (an address) or a list of objects (uploaded files), as "About Submission Values"
   * lists them. Anything else is refused. The key is the form's own name for a field
   * (`first_name`): the new-forms event names fields by it.
   */
  readonly fields: Readonly<Record<string, unknown>>;
  /**
   * Field key → the label the form shows (`First Name`): the old-forms event names fields by it. A key without an
   * entry is labelled as the form builder would label it: its words capitalised (`first_name` → `First Name`).
   */
  readonly labels?: Readonly<Record<string, string>>;
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
    readonly namespace: string;
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
 * submitter's session), then the form's event fires: `wixCrm_onFormSubmit` for the old Forms element (the only one
 * Wix documents it for: wix-crm-backend Events.onFormSubmit), `wixForms_onSubmissionCreated` for new forms. Whether
 * Wix also fires the old event for new forms is unconfirmed; the emulator does not, the stricter choice.
 */
export const WIX_FORMS_NAMESPACE = 'wix.form_app.form';

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
      const labelled = Object.entries(submission.fields).map(([key, value]) => ({ key, label: labelOf(submission, key), value }));
      // The contact is picked out by what a field is — its key, or failing that its label — as Wix maps form fields.
      const info = contactInfoFromFields(Object.fromEntries([...labelled.map((f) => [f.key, f.value]), ...labelled.map((f) => [f.label, f.value])]));
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
        // The old event names each field by its label (WCD wix-crm-backend Events.onFormSubmit: "First Name").
        submissionData: labelled.map(({ label, value }) => ({ fieldName: label, fieldValue: asText(value) })),
        attachments: [],
      };
      if (submission.generation === 'wixForms') this.kernel.events.emit('wixCrm_onFormSubmit', formSubmit);
      else {
        const created: SubmissionCreatedEvent = {
          entity: {
            _id: submissionId,
            formId: submission.formId ?? this.#formIdOf(submission.formName),
            namespace: submission.namespace ?? WIX_FORMS_NAMESPACE,
            status: 'CONFIRMED',
            // The new event names each field by its key (WCD wix-forms-v2 Events.onSubmissionCreated: "first_name").
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

/** The label a form shows for a field: the one given, or the key's words capitalised (`first_name` → `First Name`). */
export function labelOf(submission: Pick<FormSubmission, 'labels'>, key: string): string {
  const given = submission.labels !== undefined && Object.hasOwn(submission.labels, key) ? submission.labels[key] : undefined;
  if (given !== undefined) return given;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter((word) => word !== '');
  return words.length === 0 ? key : words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(' ');
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
  if (submission.namespace !== undefined && (submission.generation !== 'wixFormsV2' || typeof submission.namespace !== 'string' || submission.namespace === '')) {
    throw validationError('namespace', 'is a non-empty string, for new forms only');
  }
  for (const [name, value] of Object.entries(submission.fields)) {
    if (submission.generation === 'wixForms') {
      if (typeof value !== 'string') throw validationError(`fields.${name}`, 'must be text (the old forms submit text)');
      continue;
    }
    const ok =
      ['string', 'number', 'boolean'].includes(typeof value) ||
      isPlainObject(value) ||
      (Array.isArray(value) && (value.every((item) => typeof item === 'string') || value.every(isPlainObject)));
    if (!ok) throw validationError(`fields.${name}`, 'must be text, a number, a boolean, a list of texts, an object or a list of objects');
  }
  if (submission.labels !== undefined) {
    if (submission.labels === null || typeof submission.labels !== 'object' || Array.isArray(submission.labels)) {
      throw validationError('labels', 'must be an object of field key to label');
    }
    // A form definition labels every field it has, filled in or not, so labels may name fields this submission lacks.
    for (const [key, label] of Object.entries(submission.labels)) {
      if (typeof label !== 'string' || label.trim() === '') throw validationError(`labels.${key}`, 'must be a non-empty string');
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
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

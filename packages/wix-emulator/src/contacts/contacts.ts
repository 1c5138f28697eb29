import type { Contacts, Events } from 'wix-crm-backend';
import type { CallContext } from '../kernel/caller';
import {
  appendContactInfo,
  createContactInfo,
  hasIdentifyingInfo,
  newContactRecord,
  phoneDigits,
  toVeloContact,
  validateContactInfo,
  type ContactActivityType,
  type ContactRecord,
  type ContactSourceType,
  type ContactView,
} from './contacts-model';
import { ContactIndex } from './contacts-index';
import { compileFilter, indexedCondition, sortRecords, validateSpec, type QuerySpec } from './contacts-query';
import type { ContactsPage } from './contacts-query-builder';
import type { Kernel } from '../kernel/kernel';
import { applicationError } from '../kernel/wix-errors';

/** How Inbox names a participant (`@wix/inbox` `ParticipantId`). */
export type ParticipantId = { anonymousVisitorId: string } | { contactId: string } | { memberId: string };

/** The one thing contacts and members need from Inbox: merging a participant's conversation when their type changes. */
export interface ParticipantPromoter {
  promoteParticipant(from: ParticipantId, to: ParticipantId): void;
}

export interface ContactsDeps {
  /** The member that owns a contact, if any (contacts carry no member ID themselves). */
  readonly memberIdOfContact: (contactId: string) => string | undefined;
  /** The contact a member owns (the members service keeps the link). */
  readonly contactIdOfMember: (memberId: string) => string | undefined;
  /**
   * Told after a stored contact changed (`undefined`: all of them were replaced), so views derived from contacts —
   * the members' data rows — are rebuilt when needed instead of on every read.
   */
  readonly contactChanged: (contactId: string | undefined) => void;
}

export interface ContactsState {
  readonly contacts: ContactRecord[];
  /** Visitor sessions Wix has associated with a contact (appendOrCreateContact's "session identity"). */
  readonly sessions: { readonly visitorId: string; readonly contactId: string }[];
}

export type IdentityType = 'CONTACT' | 'MEMBER' | 'NOT_AUTHENTICATED_MEMBER';

export interface Reconciled {
  readonly contactId: string;
  readonly identityType: IdentityType;
  readonly created: boolean;
}

/**
 * Wix CRM contacts (wix-crm-backend / wix-crm-frontend shape). Emails match case-insensitively everywhere; contacts
 * never carry a member ID. `reconcile` is appendOrCreateContact's documented algorithm, shared with form submissions.
 */
export class ContactsService {
  /**
   * Test control: contacts younger than this are not yet found by `queryContacts` (still readable with `getContact`),
   * as when a search index lags behind writes. Whether Wix's does is unconfirmed; 0 (the default) means no lag.
   */
  searchLagMs = 0;
  readonly #contacts = new Map<string, ContactRecord>();
  readonly #sessions = new Map<string, string>();
  readonly #index = new ContactIndex();

  constructor(
    private readonly kernel: Kernel,
    private readonly inbox: ParticipantPromoter,
    private readonly deps: ContactsDeps,
  ) {}

  has(contactId: string): boolean {
    return this.#contacts.has(contactId);
  }

  // ---- emulated operations -------------------------------------------------------------------------------------

  /** No permission needed (documented): anyone's page or backend code may submit contact details. */
  appendOrCreateContact(info: Contacts.ContactInfo, face: 'backend' | 'frontend' = 'backend'): Promise<Contacts.ContactIdentification> {
    return this.kernel.operate('contacts.appendOrCreateContact', [info], { access: 'anyone', errorStyle: 'v2' }, (context) => {
      const { contactId, identityType } = this.reconcile(info, context, 'WIX_CODE', face === 'frontend');
      return { contactId, identityType };
    });
  }

  /**
   * The same operation as the REST `contact-submit` / SDK `submittedContact.appendOrCreateContact` answer it, which
   * also says whether the contact is new. Journalled under the same name: it is one operation with two faces.
   */
  submitContact(info: Contacts.ContactInfo): Promise<Contacts.ContactIdentification & { newContact: boolean }> {
    return this.kernel.operate('contacts.appendOrCreateContact', [info], { access: 'anyone', errorStyle: 'v2' }, (context) => {
      const { contactId, identityType, created } = this.reconcile(info, context, 'WIX_CODE');
      return { contactId, identityType, newContact: created };
    });
  }

  createContact(info: Contacts.ContactInfo, options: Contacts.Options = {}): Promise<Contacts.Contact> {
    return this.kernel.operate(
      'contacts.createContact',
      [info, options],
      { access: 'admin', suppressAuth: options.suppressAuth, errorStyle: 'v2' },
      () => {
        validateContactInfo(info);
        if (!hasIdentifyingInfo(info)) throw insufficientData();
        if (!options.allowDuplicates) {
          for (const item of info.emails ?? []) {
            const duplicate = this.#findByEmails([item.email ?? '']);
            if (duplicate) {
              throw applicationError(409, 'DUPLICATE_CONTACT_EXISTS', 'A contact with this email already exists', {
                duplicateContactId: duplicate._id,
                duplicateEmail: item.email,
              });
            }
          }
        }
        return toVeloContact(this.#create(info, 'WIX_CODE', 'CONTACT_CREATED', true));
      },
    );
  }

  getContact(contactId: string, options: Contacts.AuthOptions = {}): Promise<Contacts.Contact> {
    return this.kernel.operate(
      'contacts.getContact',
      [contactId, options],
      { access: 'admin', suppressAuth: options.suppressAuth, errorStyle: 'v2' },
      () => {
        const record = this.#contacts.get(contactId);
        if (!record) throw applicationError(404, 'CONTACT_NOT_FOUND', 'Contact not found', { contactId });
        return toVeloContact(record);
      },
    );
  }

  queryContacts(spec: QuerySpec, options: Contacts.AuthOptions = {}): Promise<ContactsPage> {
    return this.kernel.operate(
      'contacts.queryContacts',
      [spec, options],
      { access: 'admin', suppressAuth: options.suppressAuth, errorStyle: 'v2' },
      () => {
        validateSpec(spec);
        const test = compileFilter(spec.filter);
        const visibleFrom = this.kernel.clock.nowMs() - this.searchLagMs;
        const searchable = (record: ContactRecord) => this.searchLagMs === 0 || Date.parse(record._createdDate) <= visibleFrom;
        const matching = sortRecords(this.#candidates(spec).filter((record) => searchable(record) && test(record)), spec);
        // Only the page is copied out.
        const items = matching.slice(spec.skip, spec.skip + spec.limit).map(toVeloContact);
        return { items, total: matching.length };
      },
    );
  }

  // ---- shared with other services (no permission check of their own: the caller's operation did it) -----------

  /**
   * appendOrCreateContact's documented order: the logged-in member's contact → a contact with one of the given emails
   * or phones → the contact this visitor session was already associated with → a new contact (needs a name, email or
   * phone) → reject. A match owned by a member who is not the logged-in caller is returned as NOT_AUTHENTICATED_MEMBER
   * and left untouched. Any other match gets empty properties filled and new emails/phones appended, and the visitor's
   * session is associated with it (which promotes the visitor's Inbox conversation to the contact).
   */
  /**
   * The documented order: the logged-in member's contact → a contact matching an email or phone → (frontend only: the
   * session's contact) → a new contact when there are details to create it from → (backend: the session's contact)
   * → refused. The backend creates before it falls back to the session; the frontend tries the session first.
   */
  reconcile(info: Contacts.ContactInfo, context: CallContext, sourceType: ContactSourceType, sessionBeforeCreate = false): Reconciled {
    validateContactInfo(info, 'contactInfo');
    const { caller } = context;
    if (caller.kind === 'member') {
      const ownId = this.deps.contactIdOfMember(caller.memberId);
      const own = ownId === undefined ? undefined : this.#contacts.get(ownId);
      if (!own || this.deps.memberIdOfContact(own._id) !== caller.memberId) {
        throw applicationError(404, 'CONTACT_NOT_FOUND', 'The logged-in member has no contact');
      }
      this.#append(own, info);
      return { contactId: own._id, identityType: 'MEMBER', created: false };
    }
    const visitorId = caller.visitorId;
    const sessionContact = visitorId === undefined ? undefined : this.#contacts.get(this.#sessions.get(visitorId) ?? '');
    const match =
      this.#findByEmails((info.emails ?? []).map((e) => e.email ?? '')) ??
      this.#findByPhones((info.phones ?? []).map((p) => p.phone ?? '')) ??
      (sessionBeforeCreate || !hasIdentifyingInfo(info) ? sessionContact : undefined);
    if (match) {
      if (this.deps.memberIdOfContact(match._id) !== undefined) {
        return { contactId: match._id, identityType: 'NOT_AUTHENTICATED_MEMBER', created: false };
      }
      this.#append(match, info);
      if (visitorId !== undefined) this.#linkSession(visitorId, match._id);
      return { contactId: match._id, identityType: 'CONTACT', created: false };
    }
    if (!hasIdentifyingInfo(info)) throw insufficientData();
    const created = this.#create(info, sourceType, 'CONTACT_CREATED', true);
    if (visitorId !== undefined) this.#linkSession(visitorId, created._id);
    return { contactId: created._id, identityType: 'CONTACT', created: true };
  }

  /** The contact holding this email (case-insensitive), oldest first. */
  findContactIdByEmail(email: string): string | undefined {
    return this.#findByEmails([email])?._id;
  }

  /**
   * Member sign-up: finds the contact by email or creates it, fills in the names, marks the membership
   * (`members.membershipStatus`, activity MEMBER_REGISTER) and emits the contact event unless `silent`.
   */
  upsertForMember(details: { email: string; first?: string; last?: string }, silent: boolean): string {
    const info: Contacts.ContactInfo = {
      name: { first: details.first, last: details.last },
      emails: [{ email: details.email }],
    };
    validateContactInfo(info);
    const existing = this.#findByEmails([details.email]);
    const now = this.kernel.clock.now().toISOString();
    const record = existing ?? this.#create(info, 'WIX_SITE_MEMBERS', 'MEMBER_REGISTER', false);
    if (existing) appendContactInfo(record, info, () => this.kernel.guid());
    record.info.extendedFields['members.membershipStatus'] = 'APPROVED';
    record.lastActivity = { activityDate: now, activityType: 'MEMBER_REGISTER' };
    if (existing) {
      record.revision += 1;
      record._updatedDate = now;
    }
    this.#changed(record);
    if (!silent) this.#emit(existing ? 'wixCrm_onContactUpdated' : 'wixCrm_onContactCreated', record);
    return record._id;
  }

  /** A visitor session tied to a contact outside appendOrCreateContact (a sign-up from that session). */
  associateSession(visitorId: string, contactId: string): void {
    this.#linkSession(visitorId, contactId);
  }

  /** Records an activity on the contact (member login, form submission) without touching its data. */
  recordActivity(contactId: string, activityType: ContactActivityType): void {
    const record = this.#contacts.get(contactId);
    if (!record) return;
    record.lastActivity = { activityDate: this.kernel.clock.now().toISOString(), activityType };
    this.#changed(record);
  }

  /**
   * The stored contact itself, not a copy, for services that derive their own views from it (member rows and
   * member views copy what they need). Cheap on purpose: the members' data rows read it for every member.
   */
  readContact(contactId: string): ContactView | undefined {
    return this.#contacts.get(contactId);
  }

  // ---- test controls -------------------------------------------------------------------------------------------

  /** Adds a contact as if it had always been there: no journal entry, no event, no permission check. */
  seedContact(info: Contacts.ContactInfo, options: { sourceType?: ContactSourceType } = {}): Contacts.Contact {
    validateContactInfo(info);
    if (!hasIdentifyingInfo(info)) throw insufficientData();
    return toVeloContact(this.#create(info, options.sourceType ?? 'OTHER', 'CONTACT_CREATED', false));
  }

  inspectContact(contactId: string): Contacts.Contact | undefined {
    const record = this.#contacts.get(contactId);
    return record ? toVeloContact(record) : undefined;
  }

  listContacts(): Contacts.Contact[] {
    return [...this.#contacts.values()].map(toVeloContact);
  }

  /** The contact a visitor session has been associated with, if any. */
  inspectSession(visitorId: string): string | undefined {
    return this.#sessions.get(visitorId);
  }

  exportState(): ContactsState {
    return structuredClone({
      contacts: [...this.#contacts.values()],
      sessions: [...this.#sessions].map(([visitorId, contactId]) => ({ visitorId, contactId })),
    });
  }

  importState(state: ContactsState): void {
    this.#contacts.clear();
    this.#sessions.clear();
    this.#index.clear();
    for (const record of structuredClone(state.contacts)) this.#contacts.set(record._id, record);
    for (const record of this.#contacts.values()) this.#index.update(record);
    for (const { visitorId, contactId } of state.sessions) this.#sessions.set(visitorId, contactId);
    this.deps.contactChanged(undefined);
  }

  // ---- internals -----------------------------------------------------------------------------------------------

  #create(
    info: Contacts.ContactInfo,
    sourceType: ContactSourceType,
    activityType: ContactActivityType,
    emit: boolean,
  ): ContactRecord {
    const record = newContactRecord(this.kernel.guid(), this.kernel.clock.now().toISOString(), sourceType, activityType);
    createContactInfo(record, info, () => this.kernel.guid());
    this.#contacts.set(record._id, record);
    this.#changed(record);
    if (emit) this.#emit('wixCrm_onContactCreated', record);
    return record;
  }

  #append(record: ContactRecord, info: Contacts.ContactInfo): void {
    if (!appendContactInfo(record, info, () => this.kernel.guid())) return;
    record.revision += 1;
    record._updatedDate = this.kernel.clock.now().toISOString();
    this.#changed(record);
    this.#emit('wixCrm_onContactUpdated', record);
  }

  /** The oldest contact holding one of these emails (any case). */
  #findByEmails(emails: readonly string[]): ContactRecord | undefined {
    const wanted = emails.filter((e) => e.length > 0).map((e) => e.toLowerCase());
    return wanted.length === 0 ? undefined : this.#index.withEmails(wanted)[0];
  }

  /** The oldest contact holding one of these phone numbers (compared by digits). */
  #findByPhones(phones: readonly string[]): ContactRecord | undefined {
    const wanted = phones.map(phoneDigits).filter((p) => p.length > 0);
    return wanted.length === 0 ? undefined : this.#index.withPhoneDigits(wanted)[0];
  }

  /**
   * The contacts a query has to test, in creation order (what sorting ties fall back to): those an `_id` or email
   * condition of the filter points at, or else all of them.
   */
  #candidates(spec: QuerySpec): ContactRecord[] {
    const condition = indexedCondition(spec.filter);
    if (!condition) return [...this.#contacts.values()];
    if (condition.by === 'email') return this.#index.withEmails(condition.values);
    const found = new Set<ContactRecord>();
    for (const id of condition.values) {
      const record = this.#contacts.get(id);
      if (record) found.add(record);
    }
    return this.#index.inCreationOrder([...found]);
  }

  /** After any change to a stored contact: its index entries grow, derived views are told. */
  #changed(record: ContactRecord): void {
    this.#index.update(record);
    this.deps.contactChanged(record._id);
  }

  /** A visitor session newly tied to a contact: Wix merges the visitor's Inbox conversation into the contact's. */
  #linkSession(visitorId: string, contactId: string): void {
    if (this.#sessions.get(visitorId) === contactId) return;
    this.#sessions.set(visitorId, contactId);
    this.inbox.promoteParticipant({ anonymousVisitorId: visitorId }, { contactId });
  }

  #emit(name: 'wixCrm_onContactCreated' | 'wixCrm_onContactUpdated', record: ContactRecord): void {
    const event: Events.ContactCreatedEvent & Events.ContactUpdatedEvent = {
      metadata: { id: this.kernel.guid(), entityId: record._id, eventTime: this.kernel.clock.now().toISOString() },
      entity: toVeloContact(record),
    };
    this.kernel.events.emit(name, event);
  }
}

function insufficientData(): Error {
  return applicationError(400, 'INSUFFICIENT_CONTACT_DATA', 'A contact needs a name, an email or a phone');
}

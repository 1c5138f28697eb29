import type { CurrentMember, Events, Members } from 'wix-members-backend';
import type { User } from 'wix-users-backend';
import { mayUseAdminApis, runAs, type Caller, type CallContext } from '../kernel/caller';
import type { ContactsService, ParticipantPromoter } from '../contacts/contacts';
import type { Kernel } from '../kernel/kernel';
import {
  ADMIN_ROLE,
  fieldsetsOf,
  privateMembersDataRow,
  toVeloMember,
  toVeloRole,
  uniqueSlug,
  type MemberRecord,
} from './members-model';
import { applicationError, permissionError, validationError } from '../kernel/wix-errors';
import { compileMemberFilter, sortMembers, validateMemberQuery, type MemberQuerySpec } from './members-query';

export interface MembersState {
  readonly members: MemberRecord[];
}

/** `@wix/members` `createMember({ member })`: what the emulator reads of it. */
export interface CreateMemberInput {
  readonly loginEmail: string;
  /** When given, it must be the contact that holds `loginEmail` (stricter than Wix, which does not document it). */
  readonly contactId?: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly nickname?: string;
}

export interface RegisterInput {
  readonly email: string;
  /** Accepted so call sites read like a sign-up; the emulator checks no passwords (`logIn` is a test control). */
  readonly password?: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly nickname?: string;
  /** The visitor session that signed up: it is associated with the contact before the contact becomes a member. */
  readonly visitorId?: string;
}

/** A page's `authentication.onLogin` handler, already bound to the page's view of the member. */
export type LoginListener = () => unknown;

/**
 * Site members (wix-members-backend / -frontend, wix-users-backend). Who is logged in is the caller (caller.ts), never
 * state here. Every member has a contact with a different ID; login listeners are per site.
 */
export class MembersService {
  readonly #members = new Map<string, MemberRecord>();
  readonly #memberOfContact = new Map<string, string>();
  /** Lower-cased login emails and profile slugs in use: sign-up checks them without scanning every member. */
  readonly #loginEmails = new Set<string>();
  readonly #slugs = new Set<string>();
  readonly #loginListeners: LoginListener[] = [];
  /**
   * `Members/PrivateMembersData` rows, frozen, by member ID in member order, rebuilt only for members whose record or
   * contact changed since (`#staleRows`); `#rowList` is the array handed out until the next change.
   */
  readonly #rows = new Map<string, Readonly<Record<string, unknown>>>();
  readonly #staleRows = new Set<string>();
  #rowList: readonly Readonly<Record<string, unknown>>[] | undefined;

  constructor(
    private readonly kernel: Kernel,
    private readonly contacts: ContactsService,
    private readonly inbox: ParticipantPromoter,
  ) {}

  has(memberId: string): boolean {
    return this.#members.has(memberId);
  }

  memberIdOfContact(contactId: string): string | undefined {
    return this.#memberOfContact.get(contactId);
  }

  contactIdOfMember(memberId: string): string | undefined {
    return this.#members.get(memberId)?.contactId;
  }

  /**
   * Rows of the wix-data app collection `Members/PrivateMembersData` (the data service applies its permissions).
   * Shared and frozen: callers read them and copy what they hand out. Always current: a member's row is rebuilt after
   * any change to the member or to their contact.
   */
  privateMembersDataRows(): readonly Readonly<Record<string, unknown>>[] {
    if (this.#rowList) return this.#rowList;
    // A stale member not yet in #rows is new: Set order puts them after the older ones, so #rows stays in member order.
    for (const memberId of this.#staleRows) {
      const record = this.#members.get(memberId);
      if (record) this.#rows.set(memberId, frozenRow(privateMembersDataRow(record, this.contacts.readContact(record.contactId))));
      else this.#rows.delete(memberId);
    }
    this.#staleRows.clear();
    this.#rowList = Object.freeze([...this.#rows.values()]);
    return this.#rowList;
  }

  /** The contacts service changed a contact (`undefined`: all contacts): that member's row is rebuilt on next read. */
  contactChanged(contactId: string | undefined): void {
    if (contactId === undefined) {
      for (const memberId of this.#members.keys()) this.#rowChanged(memberId);
      return;
    }
    const memberId = this.#memberOfContact.get(contactId);
    if (memberId !== undefined) this.#rowChanged(memberId);
  }

  // ---- emulated operations -------------------------------------------------------------------------------------

  /**
   * Admin-level unless the caller asks for their own member (the docs state no permission; this is the stricter
   * reading). Unknown IDs answer 404.
   */
  getMember(memberId: string, options?: Members.FieldsetOptions): Promise<Members.Member> {
    return this.kernel.operate('members.getMember', [memberId, options], { access: 'anyone', errorStyle: 'v2' }, (context) => {
      const own = context.caller.kind === 'member' && context.caller.memberId === memberId;
      if (!own && !mayUseAdminApis(context)) throw permissionError('members.getMember');
      const fieldsets = fieldsetsOf(options);
      const record = this.#members.get(memberId);
      if (!record) throw applicationError(404, 'NOT_FOUND', 'Member not found', { memberId });
      return this.#view(record, fieldsets);
    });
  }

  /**
   * Backend `currentMember.getMember` rejects when nobody is logged in and answers the `PUBLIC` fieldset by default;
   * the frontend one resolves `undefined` and answers `FULL` by default (WCD `wix-members-frontend` CurrentMember
   * FieldsetOptions: "Defaults to [ "FULL" ]"; `@wix/site-members` says the same).
   */
  getCurrentMember(options: Members.FieldsetOptions | undefined, face: 'backend'): Promise<Members.Member>;
  getCurrentMember(options: Members.FieldsetOptions | undefined, face: 'frontend'): Promise<Members.Member | undefined>;
  getCurrentMember(
    options: Members.FieldsetOptions | undefined,
    face: 'backend' | 'frontend',
  ): Promise<Members.Member | undefined> {
    return this.kernel.operate('members.getCurrentMember', [options], { access: 'anyone', errorStyle: 'v2' }, (context) => {
      const fieldsets = fieldsetsOf(options ?? { fieldsets: [face === 'frontend' ? 'FULL' : 'PUBLIC'] });
      const record = this.#loggedIn(context);
      if (record) return this.#view(record, fieldsets);
      if (face === 'frontend') return undefined;
      throw applicationError(404, 'NOT_FOUND', 'No member is logged in');
    });
  }

  /**
   * The Members API's `createMember` (admin-level: site code elevates it): the contact holding the email is reused
   * (or created), the member gets its own ID, the contact's conversation is promoted and the events fire, as at sign-up.
   */
  createMember(input: CreateMemberInput): Promise<Members.Member> {
    return this.kernel.operate('members.createMember', [input], { access: 'admin', errorStyle: 'v2' }, () => {
      if (typeof input.loginEmail !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.loginEmail)) {
        throw validationError('member.loginEmail', 'must be a valid email address');
      }
      if (input.contactId !== undefined && this.contacts.findContactIdByEmail(input.loginEmail) !== input.contactId) {
        throw validationError('member.contactId', 'must be the contact that holds loginEmail');
      }
      return this.#register({
        email: input.loginEmail,
        ...(input.firstName === undefined ? {} : { firstName: input.firstName }),
        ...(input.lastName === undefined ? {} : { lastName: input.lastName }),
        ...(input.nickname === undefined ? {} : { nickname: input.nickname }),
      }, false);
    });
  }

  /** The Members API's `queryMembers` (admin-level, the stricter reading): FULL members, one page, and the total. */
  queryMembers(spec: MemberQuerySpec): Promise<{ members: Members.Member[]; total: number }> {
    return this.kernel.operate('members.queryMembers', [spec], { access: 'admin', errorStyle: 'v2' }, () => {
      validateMemberQuery(spec);
      const test = compileMemberFilter(spec.filter);
      const rows = [...this.#members.values()].map((record) => ({ record, contact: this.contacts.readContact(record.contactId) }));
      const matching = sortMembers(rows.filter(test), spec);
      const page = matching.slice(spec.skip, spec.skip + spec.limit);
      return { members: page.map((row) => this.#view(row.record, new Set(['FULL']))), total: matching.length };
    });
  }

  /** A member's roles; the site owner/admin gets the Admin role; anyone else is refused (documented table). */
  getRoles(): Promise<CurrentMember.Role[]> {
    return this.kernel.operate('members.getRoles', [], { access: 'anyone', errorStyle: 'v2' }, (context) => {
      const record = this.#loggedIn(context);
      if (record) return record.roles.map(toVeloRole);
      if (context.caller.kind === 'admin') return [structuredClone(ADMIN_ROLE)];
      throw notLoggedIn();
    });
  }

  /** Page-side logout. The emulated session is the caller, so later calls are made as a visitor by the test/page. */
  logout(): Promise<void> {
    return this.kernel.operate('members.logout', [], { access: 'anyone', errorStyle: 'v2' }, () => undefined);
  }

  /** wix-users-backend `currentUser.getEmail()`: the logged-in member's login email, otherwise a rejection. */
  currentUserEmail(): Promise<string> {
    return this.kernel.operate('users.getEmail', [], { access: 'anyone', errorStyle: 'v2' }, (context) => {
      const record = this.#loggedIn(context);
      if (!record) throw notLoggedIn();
      return record.loginEmail;
    });
  }

  /** wix-users-backend `currentUser.getRoles()`: roles by `name`, plus `{ name: 'Admin' }` for the owner. */
  currentUserRoles(): Promise<User.UserRole[]> {
    return this.kernel.operate('users.getRoles', [], { access: 'anyone', errorStyle: 'v2' }, (context) => {
      const record = this.#loggedIn(context);
      if (record) return record.roles.map((r) => ({ name: r.title, ...(r.description ? { description: r.description } : {}) }));
      if (context.caller.kind === 'admin') return [{ name: 'Admin' }];
      throw notLoggedIn();
    });
  }

  /**
   * `authentication.onLogin(handler)` from page code: kept per site, run by `logIn`. Returns what removes it again
   * (the `@wix/site` `onLogin` hands that back to page code as its `Unsubscribe`).
   */
  addLoginListener(listener: LoginListener): () => void {
    this.#loginListeners.push(listener);
    return () => {
      const index = this.#loginListeners.indexOf(listener);
      if (index >= 0) this.#loginListeners.splice(index, 1);
    };
  }

  // ---- test controls -------------------------------------------------------------------------------------------

  /**
   * A visitor signs up: the contact with this email (any case) is reused or created, the member gets its own ID,
   * the contact's Inbox conversation is promoted to the member, and `wixMembers_onMemberCreated` is emitted.
   */
  register(input: RegisterInput): Members.Member {
    return this.#register(input, false);
  }

  /** Like `register`, but silent: no contact or member events (setup that handlers must not see). */
  seedMember(input: RegisterInput): Members.Member {
    return this.#register(input, true);
  }

  seedMemberRole(memberId: string, role: { title: string; description?: string; color?: string }): CurrentMember.Role {
    const record = this.#require(memberId);
    const stored = {
      _id: this.kernel.guid(),
      title: role.title,
      ...(role.description !== undefined ? { description: role.description } : {}),
      color: role.color ?? 'DARK_BLUE',
      _createdDate: this.kernel.clock.now().toISOString(),
    };
    record.roles.push(stored);
    this.#rowChanged(memberId);
    return toVeloRole(stored);
  }

  /**
   * The member logs in on a page: `lastLoginDate` is recorded, the visitor's conversation (if `visitorId` is given)
   * is promoted to the member, then every `onLogin` handler runs as the member, one after another. Handler failures
   * are all thrown together once every handler has run. Returns the member caller for the rest of the test.
   */
  async logIn(memberId: string, options: { visitorId?: string } = {}): Promise<Caller> {
    const record = this.#require(memberId);
    if (record.status !== 'APPROVED') throw applicationError(403, 'FORBIDDEN', 'Only approved members can log in');
    record.lastLoginDate = this.kernel.clock.now().toISOString();
    this.#rowChanged(memberId);
    this.contacts.recordActivity(record.contactId, 'MEMBER_LOGIN');
    const caller: Caller = { kind: 'member', visitorId: options.visitorId ?? this.kernel.guid(), memberId };
    if (options.visitorId !== undefined) {
      this.inbox.promoteParticipant({ anonymousVisitorId: options.visitorId }, { memberId });
    }
    const failures: unknown[] = [];
    for (const listener of [...this.#loginListeners]) {
      try {
        await runAs(caller, async () => listener());
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} onLogin handler(s) failed`);
    return caller;
  }

  inspectMember(memberId: string): Members.Member | undefined {
    const record = this.#members.get(memberId);
    return record ? this.#view(record, new Set(['FULL'])) : undefined;
  }

  listMembers(): Members.Member[] {
    return [...this.#members.values()].map((record) => this.#view(record, new Set(['FULL'])));
  }

  exportState(): MembersState {
    return structuredClone({ members: [...this.#members.values()] });
  }

  importState(state: MembersState): void {
    this.#members.clear();
    this.#memberOfContact.clear();
    this.#loginEmails.clear();
    this.#slugs.clear();
    this.#rows.clear();
    this.#staleRows.clear();
    this.#rowList = undefined;
    for (const record of structuredClone(state.members)) {
      this.#members.set(record._id, record);
      this.#memberOfContact.set(record.contactId, record._id);
    }
    for (const record of this.#members.values()) this.#indexMember(record);
  }

  // ---- internals -----------------------------------------------------------------------------------------------

  #register(input: RegisterInput, silent: boolean): Members.Member {
    const email = input.email;
    const taken = this.#loginEmails.has(email.toLowerCase());
    const existingContact = this.contacts.findContactIdByEmail(email);
    if (taken || (existingContact !== undefined && this.#memberOfContact.has(existingContact))) {
      throw applicationError(409, 'ALREADY_EXISTS', 'A member with this email already exists');
    }
    const contactId = this.contacts.upsertForMember({ email, first: input.firstName, last: input.lastName }, silent);
    if (input.visitorId !== undefined) this.contacts.associateSession(input.visitorId, contactId);
    const now = this.kernel.clock.now().toISOString();
    const fullName = [input.firstName, input.lastName].filter(Boolean).join(' ');
    const nickname = input.nickname ?? (fullName || email.split('@')[0] || email);
    const record: MemberRecord = {
      _id: this.kernel.guid(),
      contactId,
      loginEmail: email,
      status: 'APPROVED',
      privacyStatus: 'PUBLIC',
      activityStatus: 'ACTIVE',
      _createdDate: now,
      _updatedDate: now,
      profile: { nickname, slug: uniqueSlug(email, (slug) => this.#slugs.has(slug)) },
      roles: [],
    };
    this.#add(record);
    this.inbox.promoteParticipant({ contactId }, { memberId: record._id });
    const member = this.#view(record, new Set(['FULL']));
    if (!silent) {
      const event: Events.CreatedMemberEvent = {
        metadata: { id: this.kernel.guid(), entityId: record._id, eventTime: now },
        entity: member,
      };
      this.kernel.events.emit('wixMembers_onMemberCreated', event);
    }
    return structuredClone(member);
  }

  #add(record: MemberRecord): void {
    this.#members.set(record._id, record);
    this.#memberOfContact.set(record.contactId, record._id);
    this.#indexMember(record);
  }

  /** Sign-up checks and the data rows learn of a member (a new one, or one imported). */
  #indexMember(record: MemberRecord): void {
    this.#loginEmails.add(record.loginEmail.toLowerCase());
    this.#slugs.add(record.profile.slug);
    this.#rowChanged(record._id);
  }

  #rowChanged(memberId: string): void {
    this.#staleRows.add(memberId);
    this.#rowList = undefined;
  }

  #require(memberId: string): MemberRecord {
    const record = this.#members.get(memberId);
    if (!record) throw applicationError(404, 'NOT_FOUND', 'Member not found', { memberId });
    return record;
  }

  #loggedIn(context: CallContext): MemberRecord | undefined {
    return context.caller.kind === 'member' ? this.#members.get(context.caller.memberId) : undefined;
  }

  #view(record: MemberRecord, fieldsets: Set<'PUBLIC' | 'FULL'>): Members.Member {
    return toVeloMember(record, this.contacts.readContact(record.contactId), fieldsets);
  }
}

/** Freezes a row and its lists, so a reader that forgets to copy fails loudly instead of changing the cache. */
function frozenRow(row: Record<string, unknown>): Readonly<Record<string, unknown>> {
  for (const value of Object.values(row)) if (Array.isArray(value)) Object.freeze(value);
  return Object.freeze(row);
}

function notLoggedIn(): Error {
  return applicationError(401, 'UNAUTHORIZED', 'No member is logged in');
}

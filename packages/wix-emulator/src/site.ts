import { runAs, type Caller } from './kernel/caller';
import { Clock } from './kernel/clock';
import { ContactsService, type ContactsState } from './contacts/contacts';
import { DataService, type DataState } from './data/data';
import { EventDispatcher, type EventHandlers } from './kernel/events';
import { Faults } from './kernel/faults';
import { FormsService, type FormsState } from './forms/forms';
import { InboxService, type InboxState, type ParticipantDirectory } from './inbox/inbox';
import { Journal, type JournalOptions } from './kernel/journal';
import { Kernel } from './kernel/kernel';
import { MembersService, type MembersState } from './members/members';
import { Random } from './kernel/random';

export interface SiteState {
  readonly version: 1;
  readonly now: string;
  /** The ID/fault generator's position (Random.state): a restored site continues it, so it never re-issues an ID. */
  readonly random: number;
  readonly contacts: ContactsState;
  readonly members: MembersState;
  /** Form IDs minted for new-forms submissions without a `formId`. */
  readonly forms: FormsState;
  readonly inbox: InboxState;
  readonly data: DataState;
}

export interface SiteOptions {
  /** Seed for IDs and fault probabilities (default 1): the same seed gives the same run. */
  readonly seed?: number;
  /** Start of the emulated clock. */
  readonly now?: Date;
  /** The site's `backend/events` module. */
  readonly eventHandlers?: EventHandlers;
  /** Restore a previously exported state. */
  readonly state?: SiteState;
  /**
   * Eventual consistency: a wix-data read without `consistentRead: true` sees custom collections as they were this many
   * emulated milliseconds ago (default 0: every read sees every write). See data/read-lag.ts.
   */
  readonly readLagMs?: number;
  /** How much of the call history the journal keeps whole (default: the latest 10,000 calls; counts cover all). */
  readonly journal?: JournalOptions;
}

/**
 * One emulated Wix site: in-memory state per service, its clock, journal, faults and event dispatch.
 * Site code never sees this object; it reaches the site through the Velo module shims in `src/velo/`.
 */
export class Site {
  readonly kernel: Kernel;
  readonly contacts: ContactsService;
  readonly members: MembersService;
  readonly inbox: InboxService;
  readonly data: DataService;
  /** Wix Forms submissions (both form generations): contact upsert + form events, as Wix does on submit. */
  readonly forms: FormsService;

  constructor(options: SiteOptions = {}) {
    const random = new Random(options.seed ?? 1);
    this.kernel = new Kernel(
      random,
      new Clock(options.now ?? (options.state ? new Date(options.state.now) : undefined)),
      new Journal(options.journal),
      new Faults(random),
      new EventDispatcher(),
    );
    if (options.eventHandlers) this.kernel.events.setHandlers(options.eventHandlers);
    // Services know each other only through these narrow, late-bound views, so each stays one small file.
    const directory: ParticipantDirectory = {
      contactExists: (contactId) => this.contacts.has(contactId),
      memberExists: (memberId) => this.members.has(memberId),
      memberIdOfContact: (contactId) => this.members.memberIdOfContact(contactId),
      contactIdOfMember: (memberId) => this.members.contactIdOfMember(memberId),
    };
    this.inbox = new InboxService(this.kernel, directory);
    this.contacts = new ContactsService(this.kernel, this.inbox, {
      memberIdOfContact: (contactId) => this.members.memberIdOfContact(contactId),
      contactIdOfMember: (memberId) => this.members.contactIdOfMember(memberId),
      contactChanged: (contactId) => this.members.contactChanged(contactId),
    });
    this.members = new MembersService(this.kernel, this.contacts, this.inbox);
    this.forms = new FormsService(this.kernel, this.contacts);
    this.data = new DataService(this.kernel, { privateMembersData: () => this.members.privateMembersDataRows() });
    if (options.state) this.importState(options.state);
    if (options.readLagMs !== undefined) this.data.readLag.ms = options.readLagMs;
  }

  get clock(): Clock {
    return this.kernel.clock;
  }

  get journal(): Journal {
    return this.kernel.journal;
  }

  get faults(): Faults {
    return this.kernel.faults;
  }

  get events(): EventDispatcher {
    return this.kernel.events;
  }

  /** Runs `fn` as `caller` — the way a page, a web method or a test acts as somebody. */
  as<T>(caller: Caller, fn: () => T): T {
    return runAs(caller, fn);
  }

  exportState(): SiteState {
    return {
      version: 1,
      now: this.clock.now().toISOString(),
      random: this.kernel.random.state,
      contacts: this.contacts.exportState(),
      members: this.members.exportState(),
      forms: this.forms.exportState(),
      inbox: this.inbox.exportState(),
      data: this.data.exportState(),
    };
  }

  importState(state: SiteState): void {
    if (state.version !== 1) throw new Error(`Unsupported emulator state version ${String(state.version)}`);
    this.clock.set(new Date(state.now));
    this.kernel.random.restore(state.random);
    this.contacts.importState(state.contacts);
    this.members.importState(state.members);
    this.forms.importState(state.forms);
    this.inbox.importState(state.inbox);
    this.data.importState(state.data);
  }
}

export function createSite(options: SiteOptions = {}): Site {
  return new Site(options);
}

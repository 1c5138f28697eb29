import { readFile, writeFile } from 'node:fs/promises';
import type { messages } from '@wix/inbox';
import type { Contacts } from 'wix-crm-backend';
import type { Members } from 'wix-members-backend';
import type { Caller } from './kernel/caller';
import type { ContactSourceType } from './contacts/contacts-model';
import type { DataAction, PermissionLevel } from './data/data';
import type { Item } from './data/data-filter';
import type { ReadLag } from './data/read-lag';
import type { DispatchedEvent } from './kernel/events';
import type { Faults } from './kernel/faults';
import type { FormSubmission, FormSubmitted } from './forms/forms';
import type { InspectedConversation, InspectedMerge, InspectedMessage, ParticipantId } from './inbox/inbox';
import type { Journal } from './kernel/journal';
import type { Clock } from './kernel/clock';
import type { RegisterInput } from './members/members';
import type { Site, SiteState } from './site';

/**
 * The test-only face of an emulated site, kept apart from the emulated Velo surface (as the Firebase emulator keeps
 * its REST controls apart from the APIs it emulates): seeding, acting as Wix or as a participant, inspecting state,
 * faults, clock, journal, reset and persistence. Site code never reaches it: no Velo shim exports any of it.
 * Every control delegates to the services' own test methods; none goes through `kernel.operate` except `submitForm`,
 * which is a visitor's action and so is journalled like one.
 */
export interface SiteControls {
  readonly seed: {
    /** A contact that was always there: no journal entry, no event. */
    contact(info: Contacts.ContactInfo, options?: { sourceType?: ContactSourceType }): Contacts.Contact;
    /** A visitor signs up: contact found or created, member created, conversations promoted, events fired. */
    member(input: RegisterInput): Members.Member;
    /** Like `member`, without contact or member events (setup that event handlers must not see). */
    memberSilently(input: RegisterInput): Members.Member;
    /** Creates a custom collection (as in the CMS) with per-action permissions, and optionally its first items. */
    collection(name: string, permissions: Partial<Record<DataAction, PermissionLevel>>, items?: readonly Record<string, unknown>[]): Item[];
  };
  readonly act: {
    /** `caller` fills in and submits a Wix form (either generation): contact upsert and form events, journalled. */
    submitForm(caller: Caller, submission: FormSubmission): Promise<FormSubmitted>;
    /** A participant writes to the business (chat widget, reply): their conversation is created if needed. */
    participantSendsMessage(
      participantId: ParticipantId,
      content: string | messages.MessageContent,
    ): { conversationId: string; message: messages.Message };
    /** The member logs in on a page; resolves the member caller to use for the rest of the test. */
    logIn(memberId: string, options?: { visitorId?: string }): Promise<Caller>;
    /** Inbox's reaction to a participant changing type: `from`'s conversation is merged into `to`'s. */
    promote(from: ParticipantId, to: ParticipantId): void;
  };
  readonly inspect: {
    contacts(): Contacts.Contact[];
    /** Every member with the FULL fieldset. */
    members(): Members.Member[];
    /** Every conversation ever created, merged and detached ones included. */
    conversations(): InspectedConversation[];
    /** Messages physically in the conversation, oldest first. */
    messages(conversationId: string): InspectedMessage[];
    detachedConversations(): InspectedConversation[];
    merges(): InspectedMerge[];
    /** Every item of a custom collection, or the current rows of an app collection. */
    collection(name: string): Item[];
    /** Backend events emitted so far (handled or not), oldest first. */
    events(name?: string): DispatchedEvent[];
  };
  readonly faults: Faults;
  /** Eventual consistency of wix-data: `readLag.ms` = how stale a read without `consistentRead` may be (0 = off). */
  readonly readLag: ReadLag;
  readonly clock: Clock;
  readonly journal: Journal;
  /**
   * Back to an empty site: no contacts, members, conversations, collections; journal, faults, event log and latency
   * cleared, read lag off. Handlers still running finish first (so none acts on the emptied site); their failures are re-thrown
   * after the reset. Kept: the clock, the event handlers, the ID generator's position and the Inbox sequence counter
   * (so no ID issued before the reset is issued again).
   */
  reset(): Promise<void>;
  exportState(): SiteState;
  importState(state: SiteState): void;
  /** Writes `exportState()` as JSON. */
  saveTo(file: string): Promise<void>;
  /** Replaces the site's state with the one saved in `file`. */
  loadFrom(file: string): Promise<void>;
  /** Waits for every running event handler; rejects with an AggregateError of their failures. */
  settle(): Promise<void>;
}

export function controlsFor(site: Site): SiteControls {
  return {
    seed: {
      contact: (info, options) => site.contacts.seedContact(info, options),
      member: (input) => site.members.register(input),
      memberSilently: (input) => site.members.seedMember(input),
      collection: (name, permissions, items = []) => {
        site.data.defineCollection(name, { permissions });
        return items.length > 0 ? site.data.seedItems(name, items) : [];
      },
    },
    act: {
      submitForm: (caller, submission) => site.as(caller, () => site.forms.submit(submission)),
      participantSendsMessage: (participantId, content) => site.inbox.participantSendsMessage(participantId, content),
      logIn: (memberId, options) => site.members.logIn(memberId, options),
      promote: (from, to) => site.inbox.promoteParticipant(from, to),
    },
    inspect: {
      contacts: () => site.contacts.listContacts(),
      members: () => site.members.listMembers(),
      conversations: () => site.inbox.listConversations(),
      messages: (conversationId) => site.inbox.messagesOf(conversationId),
      detachedConversations: () => site.inbox.detachedConversations(),
      merges: () => site.inbox.mergeLog(),
      collection: (name) => site.data.inspectCollection(name),
      events: (name) => site.events.log(name),
    },
    faults: site.faults,
    readLag: site.data.readLag,
    clock: site.clock,
    journal: site.journal,
    reset: () => reset(site),
    exportState: () => site.exportState(),
    importState: (state) => site.importState(state),
    saveTo: async (file) => {
      await writeFile(file, `${JSON.stringify(site.exportState(), null, 2)}\n`, 'utf8');
    },
    loadFrom: async (file) => {
      site.importState(JSON.parse(await readFile(file, 'utf8')) as SiteState);
    },
    settle: () => site.events.settle(),
  };
}

async function reset(site: Site): Promise<void> {
  let failure: unknown;
  try {
    await site.events.settle();
  } catch (error) {
    failure = error;
  }
  site.importState(emptyState(site));
  site.journal.clear();
  site.journal.enabled = true;
  site.faults.clear();
  site.kernel.latencyMs = 0;
  site.data.readLag.ms = 0;
  site.events.clearLog();
  if (failure !== undefined) throw failure;
}

/** A new site's state, at the current time and generator positions (an import replaces every service's state). */
function emptyState(site: Site): SiteState {
  return {
    version: 1,
    now: site.clock.now().toISOString(),
    random: site.kernel.random.state,
    contacts: { contacts: [], sessions: [] },
    members: { members: [] },
    forms: { formIds: [] },
    inbox: { lastSequence: site.inbox.exportState().lastSequence, conversations: [], messages: [], merges: [] },
    data: { collections: [] },
  };
}

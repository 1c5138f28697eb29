import { useSite } from '../src/kernel/active-site';
import { runAs, type Caller } from '../src/kernel/caller';
import { Clock } from '../src/kernel/clock';
import { EventDispatcher } from '../src/kernel/events';
import { Faults } from '../src/kernel/faults';
import { InboxService, type ParticipantDirectory } from '../src/inbox/inbox';
import { Journal } from '../src/kernel/journal';
import { Kernel } from '../src/kernel/kernel';
import { Random } from '../src/kernel/random';
import type { Site } from '../src/site';
import type { WixApiError } from '../src/kernel/wix-errors';

/**
 * An Inbox on its own kernel, with a small directory of contacts and members the test controls, made active for the
 * `wix-inbox.v2` shim (which only reaches `activeSite().inbox`). Keeps the Inbox specs independent of the contacts and
 * members emulations while exercising the same shim site code uses.
 */
export interface InboxWorld {
  readonly kernel: Kernel;
  readonly inbox: InboxService;
  readonly clock: Clock;
  readonly events: EventDispatcher;
  readonly journal: Journal;
  readonly faults: Faults;
  /** A new contact (GUID), not a member. */
  addContact(): string;
  /** A new member and the contact they are linked to (different GUIDs). */
  addMember(): { memberId: string; contactId: string };
  /** `contactId` becomes a member, as the members service does it: directory first, then the Inbox merge. */
  makeMember(contactId: string): string;
  as<T>(caller: Caller, fn: () => T): T;
}

export function startInbox(options: { seed?: number; handlers?: Record<string, unknown> } = {}): InboxWorld {
  const random = new Random(options.seed ?? 7);
  const kernel = new Kernel(random, new Clock(), new Journal(), new Faults(random), new EventDispatcher());
  if (options.handlers) kernel.events.setHandlers(options.handlers);
  const contacts = new Set<string>();
  const memberOfContact = new Map<string, string>();
  const contactOfMember = new Map<string, string>();
  const directory: ParticipantDirectory = {
    contactExists: (id) => contacts.has(id),
    memberExists: (id) => contactOfMember.has(id),
    memberIdOfContact: (id) => memberOfContact.get(id),
    contactIdOfMember: (id) => contactOfMember.get(id),
  };
  const inbox = new InboxService(kernel, directory);
  const link = (contactId: string): string => {
    const memberId = random.guid();
    memberOfContact.set(contactId, memberId);
    contactOfMember.set(memberId, contactId);
    return memberId;
  };
  const addContact = (): string => {
    const id = random.guid();
    contacts.add(id);
    return id;
  };
  // The shim reads only `inbox` from the active site.
  useSite({ inbox } as unknown as Site);
  return {
    kernel,
    inbox,
    clock: kernel.clock,
    events: kernel.events,
    journal: kernel.journal,
    faults: kernel.faults,
    addContact,
    addMember: () => {
      const contactId = addContact();
      return { memberId: link(contactId), contactId };
    },
    makeMember: (contactId) => {
      const memberId = link(contactId);
      inbox.promoteParticipant({ contactId }, { memberId });
      return memberId;
    },
    as: (caller, fn) => runAs(caller, fn),
  };
}

export { callers } from '../src/testing';

/** What a caught call threw (fails the test if it resolved). */
export async function failure(call: Promise<unknown>): Promise<WixApiError> {
  try {
    await call;
  } catch (error) {
    return error as WixApiError;
  }
  throw new Error('Expected the call to fail, it succeeded');
}

/** Asserts the Wix validation-error shape (reference §9) naming `field`. */
export function expectValidationError(error: WixApiError, field: string): void {
  expect(error).toBeInstanceOf(Error);
  expect(error.status).toBe(400);
  expect(error.details?.validationError?.fieldViolations[0]?.field).toBe(field);
  expect(error.message).toMatch(new RegExp(`^INVALID_ARGUMENT: "${field.replace(/[.[\]]/g, '\\$&')}"`));
  expect(error.details?.applicationError).toBeUndefined();
}

/** Asserts the Wix application-error shape (reference §9). */
export function expectApplicationError(error: WixApiError, status: number, code: string): void {
  expect(error).toBeInstanceOf(Error);
  expect(error.status).toBe(status);
  expect(error.details?.applicationError?.code).toBe(code);
  expect(typeof error.requestId).toBe('string');
  expect(JSON.parse(error.message)).toMatchObject({ details: { applicationError: { code } } });
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A valid basic text message from the business. */
export function textMessage(text = 'Hello from the business') {
  return {
    direction: 'BUSINESS_TO_PARTICIPANT' as const,
    visibility: 'BUSINESS_AND_PARTICIPANT' as const,
    content: { previewText: text.slice(0, 256), basic: { items: [{ text }] } },
  };
}

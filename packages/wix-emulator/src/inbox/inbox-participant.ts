import { validationError } from '../kernel/wix-errors';

/** Who a conversation is with (Inbox `ParticipantId`): exactly one of the three identities. */
export type ParticipantId =
  | { readonly anonymousVisitorId: string }
  | { readonly contactId: string }
  | { readonly memberId: string };

/** The same identity, tagged, so code can switch on it without probing optional keys. */
export type Participant =
  | { readonly kind: 'visitor'; readonly id: string }
  | { readonly kind: 'contact'; readonly id: string }
  | { readonly kind: 'member'; readonly id: string };

/** What Inbox needs to know about contacts and members; the contacts and members services answer it. */
export interface ParticipantDirectory {
  contactExists(contactId: string): boolean;
  memberExists(memberId: string): boolean;
  memberIdOfContact(contactId: string): string | undefined;
  contactIdOfMember(memberId: string): string | undefined;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: unknown): value is string {
  return typeof value === 'string' && GUID.test(value);
}

const KEYS = ['anonymousVisitorId', 'contactId', 'memberId'] as const;

/**
 * Checks a `ParticipantId` argument the way Wix's request validation does (400, field-level violation).
 * Contact and member IDs must be GUIDs. Visitor IDs only need to be non-empty strings: the emulator's callers use
 * readable visitor IDs, and site code never builds them itself (Wix does not expose them to Velo).
 */
export function parseParticipantId(value: unknown, field: string): Participant {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw validationError(field, 'is required and must be an object with exactly one of anonymousVisitorId, contactId, memberId');
  }
  const record = value as Record<string, unknown>;
  const present = KEYS.filter((key) => record[key] !== undefined && record[key] !== null);
  const [key, ...others] = present;
  if (key === undefined || others.length > 0) {
    throw validationError(field, 'must contain exactly one of anonymousVisitorId, contactId, memberId');
  }
  const id = record[key];
  if (key === 'anonymousVisitorId') {
    if (typeof id !== 'string' || id.length === 0) throw validationError(`${field}.${key}`, 'must be a non-empty string');
    return { kind: 'visitor', id };
  }
  if (!isGuid(id)) throw validationError(`${field}.${key}`, 'must be a valid GUID');
  return { kind: key === 'contactId' ? 'contact' : 'member', id };
}

export function toParticipantId(participant: Participant): ParticipantId {
  switch (participant.kind) {
    case 'visitor':
      return { anonymousVisitorId: participant.id };
    case 'contact':
      return { contactId: participant.id };
    case 'member':
      return { memberId: participant.id };
  }
}

export function sameParticipant(a: Participant, b: Participant): boolean {
  return a.kind === b.kind && a.id === b.id;
}

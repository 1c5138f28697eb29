import type { SeenMessage } from '../inbox/ports';

/** A listed Inbox message as both families read it (`_id`, `direction`, `visibility`, `content`, `_createdDate`). */
export interface ListedMessage {
  readonly _id?: string | null;
  readonly direction?: string | null;
  readonly visibility?: string | null;
  readonly content?: unknown;
  readonly _createdDate?: Date | string | null;
}

/** Listed messages → what reconciliation compares; messages without an ID are skipped (nothing can adopt them). */
export function toSeenMessages(listed: readonly ListedMessage[] | undefined | null): SeenMessage[] {
  return (listed ?? []).flatMap((m) =>
    m._id
      ? [{ messageId: m._id, direction: knownDirection(m.direction), visibility: knownVisibility(m.visibility), content: m.content, createdAt: m._createdDate ? new Date(m._createdDate) : undefined }]
      : [],
  );
}

function knownDirection(direction: string | null | undefined): 'BUSINESS_TO_PARTICIPANT' | 'PARTICIPANT_TO_BUSINESS' | undefined {
  return direction === 'BUSINESS_TO_PARTICIPANT' || direction === 'PARTICIPANT_TO_BUSINESS' ? direction : undefined;
}

function knownVisibility(visibility: string | null | undefined): 'BUSINESS_AND_PARTICIPANT' | 'BUSINESS' | undefined {
  return visibility === 'BUSINESS_AND_PARTICIPANT' || visibility === 'BUSINESS' ? visibility : undefined;
}

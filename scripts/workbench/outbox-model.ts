import type { SiteControls } from 'wix-emulator';
import { participantNames } from 'wix-emulator/ui';

/** The collections the backend keeps its send intents and delivery records in (src/backend/wix/collections.ts). */
export const OUTBOX_COLLECTION = 'InboxOutbox';
export const DELIVERIES_COLLECTION = 'InboxDeliveries';

type Finished = 'sent' | 'skipped' | 'dead';

/** One send intent, its status as the delivery records tell it, beside what the outbox row caches. */
export interface OutboxLine {
  readonly key: string;
  /** The recorded outcome of the intent's newest round when it has ended, else the row's cached status. */
  readonly status: string;
  /** The row's own `status` field: a cache the job refreshes, so it may lag behind the records. */
  readonly cachedStatus: string;
  /** Attempts claimed in the newest round (the intent row itself is attempt 1 of round 0). */
  readonly attempts: number;
  readonly round: number;
  /** Whom the intent is for, as it addresses them: `email ada@example.com`, `member <id> · Ada · ada@example.com`. */
  readonly to: readonly string[];
  readonly template: string;
  readonly nextAttemptAt?: Date;
  readonly error: string;
}

interface OutboxRow {
  readonly _id?: unknown;
  readonly status?: unknown;
  readonly round?: unknown;
  readonly nextAttemptAt?: unknown;
  readonly template?: { readonly name?: string };
  readonly query?: Record<string, unknown>;
  readonly lastError?: { readonly code?: string; readonly upstream?: { readonly status?: number; readonly code?: string } };
  readonly deadReason?: string;
}

interface RecordRow {
  readonly kind?: unknown;
  readonly intentKey?: unknown;
  readonly round?: unknown;
  readonly attempt?: unknown;
  readonly status?: unknown;
  readonly deadReason?: unknown;
  readonly error?: { readonly code?: string };
}

/**
 * The outbox as the backend's own rules read it (docs/decisions/0009-delivery-decided-by-inserts.md): delivery is decided by the records in
 * `InboxDeliveries` (attempt claims and results, each written once); the outbox row's mutable fields are a cache. A
 * web call that delivered does not refresh that cache, so the records are what tells "sent". Oldest first.
 */
export function outboxLines(controls: SiteControls): OutboxLine[] {
  const rows = controls.inspect.collection(OUTBOX_COLLECTION) as OutboxRow[];
  const records = (controls.inspect.collection(DELIVERIES_COLLECTION) as RecordRow[]).filter(
    (r) => (r.kind === 'attempt' || r.kind === 'result') && typeof r.intentKey === 'string',
  );
  const byKey = new Map<string, RecordRow[]>();
  for (const record of records) {
    const list = byKey.get(record.intentKey as string) ?? [];
    list.push(record);
    byKey.set(record.intentKey as string, list);
  }
  const describe = recipientNames(controls);
  return rows
    .filter((row) => typeof row._id === 'string' && typeof row.status === 'string')
    .map((row) => {
      const key = row._id as string;
      const own = byKey.get(key) ?? [];
      const round = Math.max(Number(row.round ?? 0), ...own.map((r) => Number(r.round ?? 0)));
      const inRound = own.filter((r) => Number(r.round ?? 0) === round);
      const attempts = Math.max(round === 0 ? 1 : 0, ...inRound.map((r) => Number(r.attempt ?? 0)));
      const results = inRound.filter((r) => r.kind === 'result');
      const outcome = results.find((r) => r.status === 'sent' || r.status === 'skipped' || r.status === 'dead');
      const latest = [...results].sort((a, b) => Number(b.attempt ?? 0) - Number(a.attempt ?? 0))[0];
      const cachedStatus = row.status as string;
      const status = outcome ? (outcome.status as Finished) : cachedStatus;
      return {
        key,
        status,
        cachedStatus,
        attempts,
        round,
        to: row.query ? describe(row.query) : [],
        template: row.template?.name ?? 'text',
        ...(row.nextAttemptAt instanceof Date ? { nextAttemptAt: row.nextAttemptAt } : {}),
        error: errorOf(outcome ?? latest, row),
      };
    });
}

function errorOf(result: RecordRow | undefined, row: OutboxRow): string {
  if (result?.status === 'dead' && typeof result.deadReason === 'string') return result.deadReason;
  if (result?.error?.code) return `${result.error.code}${result.status === 'failed' ? ' (attempt failed)' : ''}`;
  if (row.deadReason) return row.deadReason;
  const error = row.lastError;
  if (!error?.code) return '';
  const upstream = error.upstream ? ` (upstream ${[error.upstream.status, error.upstream.code].filter((p) => p !== undefined).join(' ')})` : '';
  return `${error.code}${upstream}`;
}

/**
 * The addresses an intent names, with the person each is known as: a member or contact ID with its name and email
 * (what the owner needs to know who a message is for), an email or phone as written.
 */
function recipientNames(controls: SiteControls): (query: Record<string, unknown>) => string[] {
  const names = participantNames(controls);
  return (query) =>
    Object.entries(query).map(([kind, value]) => {
      const id = String(value);
      if (kind === 'memberId') return names({ memberId: id });
      if (kind === 'contactId') return names({ contactId: id });
      return `${kind} ${id}`;
    });
}

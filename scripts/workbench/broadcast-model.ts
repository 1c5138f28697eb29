import type { SiteControls } from 'wix-emulator';
import { DELIVERIES_COLLECTION, OUTBOX_COLLECTION } from './outbox-model';

/** A broadcast as the backend recorded it: its `broadcast:<id>` record and the words its intents carry. */
export interface BroadcastEntry {
  readonly id: string;
  readonly startedAt?: Date;
  /** What the broadcast says, shortened; typed by whoever started it, so shown as text only. */
  readonly preview: string;
}

const RECORD_PREFIX = 'broadcast:';
const PREVIEW_CHARS = 80;

/**
 * The broadcasts started on this site, newest first, from the backend's own collections. Their counts are not read
 * here: the view asks the site's `broadcastStatus` web method, so it shows what an admin page would.
 */
export function broadcastEntries(controls: SiteControls): BroadcastEntry[] {
  const records = controls.inspect
    .collection(DELIVERIES_COLLECTION)
    .filter((r) => r.kind === 'broadcast' && typeof r._id === 'string' && r._id.startsWith(RECORD_PREFIX));
  const intents = controls.inspect.collection(OUTBOX_COLLECTION);
  const entries = records.map((record): BroadcastEntry => {
    const id = (record._id as string).slice(RECORD_PREFIX.length);
    const intent = intents.find((i) => i.broadcast === id);
    return { id, ...(record.at instanceof Date ? { startedAt: record.at } : {}), preview: previewOf(intent?.content) };
  });
  return entries.sort((a, b) => (b.startedAt?.getTime() ?? 0) - (a.startedAt?.getTime() ?? 0));
}

/** The words of an intent's content: its preview text, else its text items, else its title. */
function previewOf(content: unknown): string {
  if (content === null || typeof content !== 'object') return '';
  const c = content as { previewText?: unknown; title?: unknown; basic?: { items?: readonly { text?: unknown }[] } };
  const items = (c.basic?.items ?? []).map((item) => item.text).filter((t): t is string => typeof t === 'string');
  const words = typeof c.previewText === 'string' && c.previewText !== '' ? c.previewText : items.length > 0 ? items.join(' ') : typeof c.title === 'string' ? c.title : '';
  return words.length > PREVIEW_CHARS ? `${words.slice(0, PREVIEW_CHARS - 1)}…` : words;
}

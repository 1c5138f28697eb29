import type { Intent } from './intent';
import type { SeenMessage } from './ports';

/**
 * Whether a message read back from a conversation is the one an intent sends: the same direction, the same
 * visibility (a participant-visible message is never a business-only note with the same words) and the same content —
 * every text, image, file, button, preview and template image, not only the words.
 */
export function isSameMessage(intent: Pick<Intent, 'content' | 'direction' | 'visibility'>, seen: SeenMessage): boolean {
  return seen.direction === intent.direction && seen.visibility === intent.visibility && canonicalContent(seen.content) === canonicalContent(intent.content);
}

/** Whether two intents send the same message (content and visibility); the direction is compared by the caller's query. */
export function sendsSameMessage(a: Pick<Intent, 'content' | 'visibility'>, b: Pick<Intent, 'content' | 'visibility'>): boolean {
  return a.visibility === b.visibility && canonicalContent(a.content) === canonicalContent(b.content);
}

/** Fields Wix adds to stored content (response-only, or filled with the sending app): never part of what was sent. */
const ADDED_BY_WIX = new Set(['contentType', 'appId']);
/** Fields Wix fills with a default when none was sent: that default and an absent field are the same message. */
const DEFAULTS: Readonly<Record<string, unknown>> = { width: 0, height: 0, orientation: 'PORTRAIT' };

/**
 * Content as comparable JSON: keys sorted, Wix's additions and defaults, empty lists and absent values left out, so the
 * content an intent holds and the same content listed back from Inbox give the same string.
 */
export function canonicalContent(content: unknown): string {
  return JSON.stringify(canonical(content)) ?? '';
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value instanceof Date) return value.toISOString();
  if (value === null || typeof value !== 'object') return value;
  const kept: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const field = (value as Record<string, unknown>)[key];
    if (field === undefined || field === null || ADDED_BY_WIX.has(key)) continue;
    if (key in DEFAULTS && DEFAULTS[key] === field) continue;
    if (Array.isArray(field) && field.length === 0) continue;
    kept[key] = canonical(field);
  }
  return kept;
}

import { fingerprint } from './fingerprint';

/**
 * Idempotency keys of what a member sends themselves from a page. The caller is always the session's member, so the
 * member ID in a key is never one an argument chose.
 */

/** One per member, message and day: a page that fires twice (two tabs, a reload) sends once. */
export function memberDayKey(template: string, memberId: string, day: string, message: unknown): string {
  return `${template}:${memberId}:${day}:${fingerprint(JSON.stringify(message))}`;
}

/**
 * One per member and link of the template's once-per-24h chain: the greeting that may claim link `seq`, and no other.
 * Two tabs that read the same chain name the same send, however each words it (a member who renamed themselves between
 * two logins): only one intent is ever stored under the key, so the link is never held by a greeting that no login can
 * store again. A later login after the day is over names the next link, so a key is never reused for a second greeting.
 */
export function greetingLinkKey(template: string, memberId: string, seq: number): string {
  return `${template}:${memberId}:link${seq}`;
}

/**
 * The link whose greeting `key` names, when it names one of this member's (as built now, or with the wording keys once
 * carried); undefined for any other key.
 */
export function greetingLinkSeq(key: string, template: string, memberId: string): number | undefined {
  const prefix = `${template}:${memberId}:link`;
  if (!key.startsWith(prefix)) return undefined;
  const match = /^(\d+)(?::|$)/.exec(key.slice(prefix.length));
  return match ? Number(match[1]) : undefined;
}

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
 * One per member, message and link of the template's once-per-24h chain: the greeting that may claim link `seq`, and
 * no other. Two tabs that read the same chain name the same send; a later login after the day is over names the next
 * link, so a key is never reused for a second greeting.
 */
export function greetingLinkKey(template: string, memberId: string, seq: number, message: unknown): string {
  return `${greetingLinkPrefix(template, memberId, seq)}${fingerprint(JSON.stringify(message))}`;
}

/** Whether `key` names a greeting of this member for link `seq`, in any wording (the member may have renamed since). */
export function isGreetingLinkKey(key: string, template: string, memberId: string, seq: number): boolean {
  return key.startsWith(greetingLinkPrefix(template, memberId, seq));
}

function greetingLinkPrefix(template: string, memberId: string, seq: number): string {
  return `${template}:${memberId}:link${seq}:`;
}

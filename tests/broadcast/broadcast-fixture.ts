import { drainOutbox } from 'backend/inbox/drain';
import { isInboxError } from 'backend/inbox/errors';
import type { ParticipantQuery } from 'backend/inbox/participant-query';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact, seedMember } from '../support/people';
import { siteDependencies } from '../support/site-with-code';

export const HOUR = 60 * 60 * 1000;

export interface Person {
  readonly email: string;
  readonly contactId: string;
  readonly memberId?: string;
}

/** `n` people: every `memberEvery`-th a member (0: none), the others contacts; contacts may carry labels. */
export function seedCrowd(site: Site, n: number, options: { memberEvery?: number; prefix?: string; labelKeys?: readonly string[] } = {}): Person[] {
  const prefix = options.prefix ?? 'person';
  return Array.from({ length: n }, (_, i) => {
    const email = `${prefix}${i}@example.com`;
    if (options.memberEvery && i % options.memberEvery === 0) {
      const { memberId, contactId } = seedMember(site, { email, firstName: `M${i}` });
      return { email, contactId, memberId };
    }
    if (options.labelKeys) {
      const contact = site.contacts.seedContact({ emails: [{ email, tag: 'MAIN', primary: true }], labelKeys: [...options.labelKeys] } as Parameters<Site['contacts']['seedContact']>[0]);
      return { email, contactId: contact._id };
    }
    return { email, contactId: seedContact(site, { email }) };
  });
}

export const byEmail = (people: readonly Person[]): ParticipantQuery[] => people.map((p) => ({ email: p.email }));

/** Messages with `text` in each live (not merged-away) conversation, keyed by conversation. */
export function arrivals(site: Site, text: string): number[] {
  const counts: number[] = [];
  for (const c of site.inbox.listConversations()) {
    if (c.mergedInto) continue;
    const n = site.inbox.messagesOf(c.conversation._id ?? '').filter((m) => m.message.content?.basic?.items?.[0]?.text === text).length;
    if (n > 0) counts.push(n);
  }
  return counts;
}

/** How many of `people` hold exactly one message with `text`, and how many messages arrived in all. */
export function tally(site: Site, people: readonly Person[], text: string): { once: number; messages: number; twice: number } {
  const counts = arrivals(site, text);
  const live = site.inbox.listConversations().filter((c) => !c.mergedInto);
  let once = 0;
  for (const person of people) {
    const memberId = person.memberId ?? site.members.memberIdOfContact(person.contactId);
    const mine = live.filter((c) => ('memberId' in c.participantId ? c.participantId.memberId === memberId : 'contactId' in c.participantId && c.participantId.contactId === person.contactId));
    const n = mine.reduce((total, c) => total + site.inbox.messagesOf(c.conversation._id ?? '').filter((m) => m.message.content?.basic?.items?.[0]?.text === text).length, 0);
    if (n === 1) once += 1;
  }
  return { once, messages: counts.reduce((a, b) => a + b, 0), twice: counts.filter((n) => n > 1).length };
}

/** Runs the hourly job until nothing is due (at most `runs` runs), an hour apart. */
export async function drainUntilQuiet(site: Site, runs = 16): Promise<void> {
  for (let run = 0; run < runs; run += 1) {
    site.clock.advance(HOUR);
    const report = await site.as(callers.job(), () => drainOutbox(siteDependencies(site, 100 + run)));
    if (report.taken === 0 && report.refreshed === 0) return;
  }
}

/**
 * Makes `call` up to `times` times while it fails as Wix fails (an InboxError), as a page retries a failed call or the
 * next hourly run takes over: its answer, or undefined when every try failed. Any other error is a bug, thrown.
 */
export async function whileWixFails<T>(times: number, call: (attempt: number) => Promise<T>): Promise<T | undefined> {
  for (let attempt = 0; attempt < times; attempt += 1) {
    try {
      return await call(attempt);
    } catch (error) {
      if (!isInboxError(error)) throw error;
    }
  }
  return undefined;
}

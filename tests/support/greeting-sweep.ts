import { drainOutbox } from 'backend/inbox/drain';
import { sendToParticipant } from 'backend/inbox/send';
import type { Site } from 'wix-emulator';
import { callers } from './emulator';
import { siteDependencies } from './site-with-code';

const HOUR = 60 * 60 * 1000;

/** Every call a login greeting makes can fail, and a write can land with its answer lost (the greeting sweeps). */
export function injectGreetingFaults(site: Site): void {
  for (const operation of ['data.insert', 'data.update', 'data.query', 'inbox.getOrCreateConversation', 'members.getCurrentMember']) {
    site.faults.inject(operation, { probability: 0.15 });
  }
  site.faults.inject('data.insert', { probability: 0.1, responseLost: true });
  site.faults.inject('inbox.sendMessage', { probability: 0.15 });
  site.faults.inject('inbox.sendMessage', { probability: 0.15, responseLost: true });
}

/** `runs` hourly job runs, an hour apart. A run whose own reads fail ends there (Wix reports the job failed); the next picks up. */
export async function drainHourly(site: Site, runs: number): Promise<void> {
  for (let run = 0; run < runs; run += 1) {
    site.clock.advance(HOUR);
    await site.as(callers.job(), () => drainOutbox(siteDependencies(site))).catch(() => undefined);
  }
}

/** The welcome-back greetings in the conversation of a member, or of a contact. */
export function greetingsIn(site: Site, participant: { memberId: string } | { contactId: string }) {
  const conversation = site.inbox.conversationOf(participant);
  return site.inbox.messagesOf(conversation?.conversation._id ?? '').filter((m) => m.message.content?.template?.title?.startsWith('Welcome back'));
}

/** How many welcome-back greetings the member's conversation holds. */
export function greetingsOf(site: Site, memberId: string): number {
  return greetingsIn(site, { memberId }).length;
}

/**
 * The backend greets the contact with `email` (as an event handler would) while Inbox fails for the whole call: the
 * greeting is answered `queued`, holding the contact's link of the day.
 */
export async function greetingQueuedForContact(site: Site, email: string, greeting: { readonly template: string; readonly vars: Readonly<Record<string, string>> }): Promise<void> {
  site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1000 });
  const answer = await site.as(callers.eventHandler(), () => sendToParticipant(siteDependencies(site), { email }, greeting));
  site.faults.clear();
  if (answer.status !== 'queued') throw new Error(`the greeting was answered ${answer.status}, not queued`);
}

/** The backend greets the member by member ID under `key` (as an event handler would). */
export function greetByMemberId(site: Site, memberId: string, key: string): ReturnType<typeof sendToParticipant> {
  return site.as(callers.eventHandler(), () => sendToParticipant(siteDependencies(site), { memberId }, { template: 'welcome-back', vars: { name: 'Ann' } }, { idempotencyKey: key }));
}

/**
 * A greeting under `key` reaches the member but its answer is lost; from then on Inbox cannot list the conversation, so
 * no attempt can tell whether it arrived, and the intent dies of exhausted attempts (13 hourly runs), keeping its cap.
 */
export async function greetingDeadAfterALostAnswer(site: Site, memberId: string, key: string): Promise<void> {
  site.faults.inject('inbox.sendMessage', { responseLost: true, times: 1 });
  site.faults.inject('inbox.listMessages', { status: 503, times: 1_000 });
  const answer = await greetByMemberId(site, memberId, key);
  if (answer.status !== 'queued') throw new Error(`the greeting was meant to be queued, not ${answer.status}`);
  await drainHourly(site, 13);
  site.faults.clear();
}

/**
 * The next greeting intent insert fails with nothing written: beside a link (a login's first claim, `besideALink`),
 * once that link's insert has gone out; after it (a resume claims its link first), at once.
 */
export function failTheNextGreetingIntent(site: Site, options: { besideALink: boolean }): void {
  let failed = false;
  site.faults.interleave(
    'data.insert',
    async (args) => {
      if (failed || args[0] !== 'InboxOutbox') return;
      failed = true;
      const inserts = site.journal.count('data.insert');
      while (options.besideALink && site.journal.count('data.insert') === inserts) await new Promise((resolve) => setImmediate(resolve));
      site.faults.inject('data.insert', { status: 503, times: 1 });
    },
    Number.POSITIVE_INFINITY,
  );
}

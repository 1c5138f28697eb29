import { drainOutbox } from 'backend/inbox/drain';
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

/** How many welcome-back greetings the member's conversation holds. */
export function greetingsOf(site: Site, memberId: string): number {
  const conversation = site.inbox.conversationOf({ memberId });
  return site.inbox.messagesOf(conversation?.conversation._id ?? '').filter((m) => m.message.content?.template?.title?.startsWith('Welcome back')).length;
}

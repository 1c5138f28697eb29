import { drainOutbox } from 'backend/inbox/drain';
import { sendToParticipant } from 'backend/inbox/send';
import { callers } from './emulator';
import { seedContact } from './people';
import { siteDependencies, startSiteWithCode } from './site-with-code';

const HOUR = 60 * 60 * 1000;

/**
 * A site with one contact to whom the same words go under different keys (look-alikes), for the reconciliation
 * regressions: `send(key)` sends them as an event handler would, `sent()` counts the messages Wix took (a lost answer
 * included), `lostSend(key)` makes a send whose message goes out and whose answer is lost, and `drainHourly(runs)` runs
 * the job an hour apart.
 */
export function lookAlikeSite() {
  const site = startSiteWithCode();
  const deps = siteDependencies(site);
  const contactId = seedContact(site, { email: 'ann@example.com' });
  const sent = () => site.journal.entries('inbox.sendMessage').filter((e) => e.outcome !== 'error' || e.applied).length;
  const send = (key: string) => site.as(callers.eventHandler(), () => sendToParticipant(deps, { contactId }, 'Your table is ready', { idempotencyKey: key }));
  /** `key`'s message goes out and its answer is lost; its call gets no further (every later lookup 503): `queued`. */
  const lostSend = async (key: string) => {
    site.faults.interleave('inbox.sendMessage', () => {
      site.faults.inject('inbox.sendMessage', { responseLost: true, times: 1 });
      site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1e9 });
    });
    const answer = await send(key);
    site.faults.clear();
    return answer;
  };
  const drainHourly = async (runs: number) => {
    for (let run = 0; run < runs; run += 1) {
      site.clock.advance(HOUR);
      await site.as(callers.job(), () => drainOutbox(deps));
    }
  };
  /**
   * `key`'s message goes out with its answer lost, and Inbox cannot list the conversation until the round dies of
   * exhausted attempts (13 hourly runs): the row reads `dead` with the message delivered.
   */
  const deadAfterALostAnswer = async (key: string) => {
    site.faults.inject('inbox.listMessages', { status: 503, times: 1_000 });
    const answer = await lostSend(key);
    if (answer.status !== 'queued') throw new Error(`the lost send was answered ${answer.status}, not queued`);
    site.faults.inject('inbox.listMessages', { status: 503, times: 1_000 });
    await drainHourly(13);
    site.faults.clear();
  };
  return { site, deps, contactId, sent, send, lostSend, drainHourly, deadAfterALostAnswer };
}

import { drainOutbox } from 'backend/inbox/drain';
import { sendToMany, type BroadcastResult } from 'backend/inbox/broadcast';
import { broadcastStatus, type BroadcastStatus } from 'backend/inbox/broadcast-status';
import { Random, type Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';
import { byEmail, drainUntilQuiet, seedCrowd, tally, whileWixFails } from './broadcast-fixture';

export const FAULT_TEXT = 'Your order is on its way';

/**
 * One seeded run: a broadcast to `people` under Inbox and wix-data faults (5xx, 429 with Retry-After, lost answers)
 * and merges mid-flight, started up to three times (a page retrying a failed call) with the job running beside it;
 * then the faults stop and the job runs until quiet. Answers what arrived and what the status says.
 */
export async function faultedBroadcast(seed: number, people = 30): Promise<{
  site: Site;
  once: number;
  messages: number;
  twice: number;
  status: BroadcastStatus;
  answers: number;
  people: number;
}> {
  const site = startSiteWithCode({ seed });
  const random = new Random(seed);
  const crowd = seedCrowd(site, people, { memberEvery: 4, prefix: `s${seed}-` });
  site.kernel.latencyMs = 20;
  for (const op of ['inbox.getOrCreateConversation', 'inbox.sendMessage']) {
    site.faults.inject(op, { status: 503, probability: 0.08 });
    site.faults.inject(op, { status: 429, probability: 0.06, retryAfterSeconds: 1 + Math.floor(random.next() * 5) });
  }
  site.faults.inject('inbox.sendMessage', { responseLost: true, probability: 0.05 });
  for (const op of ['data.insert', 'data.bulkInsert', 'data.query', 'data.get', 'data.update', 'data.bulkUpdate']) site.faults.inject(op, { status: 503, probability: 0.03 });
  site.faults.inject('data.insert', { responseLost: true, probability: 0.03 });
  // The intents' bulk insert, and the bulk writes of sent results and rows.
  site.faults.inject('data.bulkInsert', { responseLost: true, probability: 0.25 });
  site.faults.inject('data.bulkUpdate', { responseLost: true, probability: 0.25 });
  let merges = 0;
  site.faults.interleave(
    'inbox.sendMessage',
    (args) => {
      if (merges >= 2 || random.next() > 0.1) return;
      const conversation = site.inbox.listConversations().find((c) => c.conversation._id === args[0]);
      const contactId = conversation && 'contactId' in conversation.participantId ? conversation.participantId.contactId : undefined;
      const person = crowd.find((p) => p.contactId === contactId && !p.memberId);
      if (!person || site.members.memberIdOfContact(person.contactId)) return;
      merges += 1;
      // Silent (no member-created event): the welcome it would trigger is another feature's send, faulted too.
      site.members.seedMember({ email: person.email });
    },
    Number.POSITIVE_INFINITY,
  );

  let answers = 0;
  const start = async (n: number): Promise<BroadcastResult | undefined> => {
    const result = await whileWixFails(3, (attempt) =>
      site.as(callers.eventHandler(), () => sendToMany(siteDependencies(site, seed * 10 + n + attempt), byEmail(crowd), FAULT_TEXT, { idempotencyKey: `order-${seed}` })),
    );
    if (result) answers += 1;
    return result;
  };
  const job = async () => {
    site.clock.advance(90_000);
    // A job run whose outbox query failed: the next hourly run takes over.
    await whileWixFails(1, () => site.as(callers.job(), () => drainOutbox(siteDependencies(site, seed + 5_000))));
  };
  await Promise.all([start(1), random.next() < 0.5 ? start(2) : Promise.resolve(undefined), job()]);
  // If no start got its intents written, the admin starts it again once Wix is back.
  site.faults.clear();
  site.kernel.latencyMs = 0;
  if (answers === 0) await start(3);
  await drainUntilQuiet(site, 20);
  const status = await site.as(callers.job(), () => broadcastStatus(siteDependencies(site), `order-${seed}`));
  await site.events.settle();
  return { site, ...tally(site, crowd, FAULT_TEXT), status, answers, people };
}

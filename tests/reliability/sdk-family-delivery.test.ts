import { describe, expect, it } from '@jest/globals';
import { ApiKeyStrategy, createClient } from '@wix/sdk';
import { createInbox } from 'backend/wix-sdk/headless';
import { OUTBOX_COLLECTION } from 'backend/wix/collections';
import { restApp, type Site, targetFetch } from 'wix-emulator';
import { startSite, WIX_READ_LAG_MS } from '../support/emulator';
import { defineProjectCollections } from '../../scripts/workbench/site-code';

// The SDK family through the real @wix packages under faults on every service it uses, including lost responses on
// wix-data inserts (the "already exists" the retry then meets comes back in the real client's WDE0074 shape) and
// members signing up while a send is in flight. Each seed is a different, repeatable run; a failure names its seed.
// SDK_DELIVERY_SEEDS=300 sweeps more than the default.
const SEEDS = Array.from({ length: Number(process.env.SDK_DELIVERY_SEEDS ?? 20) }, (_, i) => i + 1);
const PEOPLE = 6;
const HOUR = 60 * 60 * 1000;

function faulted(site: Site): void {
  for (const operation of ['inbox.getOrCreateConversation', 'inbox.sendMessage', 'contacts.queryContacts', 'members.queryMembers', 'data.query']) {
    site.faults.inject(operation, { status: 503, probability: 0.1 });
  }
  site.faults.inject('inbox.sendMessage', { responseLost: true, probability: 0.1 });
  site.faults.inject('data.insert', { responseLost: true, probability: 0.1 });
  site.faults.inject('data.update', { status: 503, probability: 0.05 });
}

async function run(seed: number): Promise<{ arrivals: Map<string, number>; pending: number }> {
  const site = startSite({ seed, readLagMs: WIX_READ_LAG_MS });
  defineProjectCollections(site);
  const client = createClient({ auth: ApiKeyStrategy({ apiKey: 'key', siteId: 'site' }), fetch: targetFetch(restApp(site)) });
  const inbox = createInbox({ client, clock: { now: () => site.clock.now(), sleep: (ms) => site.clock.sleep(ms) }, random: () => 0.5 });
  const emails = Array.from({ length: PEOPLE }, (_, i) => `p${i}@example.com`);
  for (const email of emails) site.contacts.seedContact({ emails: [{ email, tag: 'MAIN' }] } as Parameters<Site['contacts']['seedContact']>[0]);
  faulted(site);
  // Half of the people sign up while their first send may be under way.
  const signingUp = emails.filter((_, i) => i % 2 === 0);
  site.faults.interleave(
    'inbox.sendMessage',
    () => {
      const next = signingUp.shift();
      if (next) site.members.register({ email: next });
    },
    signingUp.length,
  );

  // Every send is made twice with one key (a retried call), and each may fail as a whole: the outbox keeps it.
  await Promise.all(
    emails.flatMap((email, i) =>
      [0, 1].map(() => inbox.send({ email }, `Update #${i}`, { idempotencyKey: `update:${i}` }).catch((error: unknown) => error)),
    ),
  );
  site.faults.clear();
  for (let round = 0; round < 15; round += 1) {
    site.clock.advance(HOUR);
    await inbox.drain();
  }
  const arrivals = new Map<string, number>();
  for (const c of site.inbox.listConversations()) {
    if (c.mergedInto) continue;
    for (const m of site.inbox.messagesOf(c.conversation._id ?? '')) {
      const text = m.message.content?.basic?.items?.[0]?.text;
      if (text?.startsWith('Update #')) arrivals.set(text, (arrivals.get(text) ?? 0) + 1);
    }
  }
  const pending = site.data.inspectCollection(OUTBOX_COLLECTION).filter((item) => item.status === 'pending' || item.status === 'retrying').length;
  return { arrivals, pending };
}

describe('the SDK family delivers every intent exactly once under faults', () => {
  it.each(SEEDS)('seed %i', async (seed) => {
    const { arrivals, pending } = await run(seed);
    const counts = Array.from({ length: PEOPLE }, (_, i) => `Update #${i}`).map((text) => [text, arrivals.get(text) ?? 0]);
    expect({ seed, counts, pending }).toEqual({ seed, counts: counts.map(([text]) => [text, 1]), pending: 0 });
  });
});

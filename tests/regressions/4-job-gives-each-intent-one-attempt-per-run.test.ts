import { beforeEach, expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox/send';
import { drainOutbox } from 'backend/inbox/drain';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

let site: Site;
beforeEach(() => { site = startSiteWithCode(); });

it('during an outage, one job run gives each queued intent one attempt (README: up to 12, hourly)', async () => {
  const contactId = seedContact(site, { email: 'ida@example.com' });
  const deps = siteDependencies(site);
  site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1e9 });   // Wix Inbox down
  for (let i = 0; i < 40; i += 1) {
    await site.as(callers.eventHandler(), () => sendToParticipant(deps, { contactId }, `Order ${i} shipped`, { idempotencyKey: `o-${i}` }));
  }
  site.clock.advance(60 * 60 * 1000);
  // Each failing Wix call takes ~1.5 s of real time (a slow 503).
  site.faults.interleave('inbox.getOrCreateConversation', () => site.clock.advance(1500), 1e9);
  const first = await site.as(callers.job(), () => drainOutbox(deps));
  site.clock.advance(60 * 60 * 1000);
  const second = await site.as(callers.job(), () => drainOutbox(deps));
  // Expected: 40 taken per run, nothing dead after 2 of the promised hourly retries.
  expect({ first: first.taken, second: second.taken, dead: first.byStatus.dead + second.byStatus.dead })
    .toEqual({ first: 40, second: 40, dead: 0 });
});

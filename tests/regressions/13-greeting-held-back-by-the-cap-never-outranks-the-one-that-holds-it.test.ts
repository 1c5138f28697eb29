import { beforeEach, expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { sendToParticipant } from 'backend/inbox/send';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedMember } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

// Two sends of the same greeting to one member under different keys (two triggers: by member ID and by email, as a
// page and a handler would). Only the one holding the cap's link may send; the other can only end `skipped`.
// reconcile.ts still counts the held-back one as a claimant of the unrecorded greeting whenever one of its attempts
// "may have sent" (here: its worker stopped, so its attempt was fenced), and ranks claimants by key. The link holder,
// whose own greeting's answer was lost, then finds that greeting taken by the rank of an intent that will never adopt
// it (it is skipped by the cap before it would ever reconcile: delivery.ts attemptOnce checks holdsCap first) and sends
// the greeting a second time. Found by a sweep mixing welcomeBack() tabs with sends by member ID and by email under
// faults (5 of 400 seeds); made deterministic here.
let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
  site.clock.set(new Date('2030-03-01T08:00:00Z'));
});
const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

it('the greeting that holds the link adopts its own lost greeting instead of sending it again for a rival held back by the cap', async () => {
  const ann = seedMember(site, { email: 'ann@example.com', firstName: 'Ann' });
  const deps = siteDependencies(site);
  const greet = (query: { memberId: string } | { email: string }, key: string) =>
    site.as(callers.eventHandler(), () => sendToParticipant(deps, query, { template: 'welcome-back', vars: { name: 'Ann' } }, { idempotencyKey: key }));

  // 'a-…' (ranked first by key): its worker stops in its first attempt — the cap read fails, and so does the insert
  // of that attempt's result — before it could claim the cap. Its attempt is left unended.
  let stopped = false;
  site.faults.interleave(
    'data.query',
    (args) => {
      if (stopped || (args[0] as { collection?: string }).collection !== 'InboxDeliveries') return;
      stopped = true;
      site.faults.inject('data.query', { status: 503, times: 1 });
      site.faults.inject('data.insert', { status: 503, times: 1 });
    },
    Number.POSITIVE_INFINITY,
  );
  await expect(greet({ memberId: ann.memberId }, 'a-greeting-by-member-id')).rejects.toMatchObject({ code: 'INBOX_UNAVAILABLE' });
  site.faults.clear();
  expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(0);

  // A quarter of an hour later, 'b-…' claims the link and greets Ann; the answer of that send is lost.
  site.clock.advance(15 * MINUTE);
  site.faults.inject('inbox.sendMessage', { responseLost: true, times: 1 });
  await greet({ email: 'ann@example.com' }, 'b-greeting-by-email');
  site.faults.clear();
  for (let run = 0; run < 3; run += 1) {
    site.clock.advance(HOUR);
    await site.as(callers.job(), () => drainOutbox(deps));
  }

  const byKey = Object.fromEntries(site.data.inspectCollection('InboxOutbox').map((r) => [r._id, r.status]));
  expect(byKey).toEqual({ 'a-greeting-by-member-id': 'skipped', 'b-greeting-by-email': 'sent' });
  expect(site.inbox.conversationOf({ memberId: ann.memberId })?.messageCount).toBe(1);
});

import { expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { sendToParticipant } from 'backend/inbox/send';
import { welcomeBackAsCaller } from 'backend/inbox/welcome-back';
import { controlsFor } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { greetingsIn } from '../support/greeting-sweep';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

/**
 * Eighth review (liveness of InboxError.waiting). frequency-cap.ts pastAVoidLink reads a member's link with no records,
 * older than the stale-worker bound, whose outbox row exists, as "undecided" ("stored, its worker stopped and the job
 * will take it over"), and since c804dc3 that wait is `waiting`: it uses up no attempt. But a row that exists is not
 * always one the job will take over: a login that SENT its greeting, whose result insert failed and whose `failed`
 * insert after it failed too (two wix-data 503s), leaves its row `sent` (written beside the result insert) and no
 * record at all. The job lists only unfinished rows: nothing will ever record that round. The backend greeting that
 * holds the contact's link then waits on it for ever: attempted every hour, never ended, though Wix answers every call
 * (and the person was greeted by the login). Before c804dc3 it at least died at attempt 12.
 * Claim broken: "no intent dies while Wix answers" / the brief's liveness: no wait lasts for ever.
 */

const GREETING = { template: 'welcome-back', vars: { name: 'Nia' } } as const;

it('a greeting held back by a login whose row says sent without records ends', async () => {
  const site = startSiteWithCode();
  site.clock.set(new Date('2030-07-01T09:00:00Z'));
  const contactId = seedContact(site, { email: 'nia@example.com', first: 'Nia' });
  const deps = siteDependencies(site);

  let memberId = '';
  let backendCapSeen = false;
  let resultFaults = 0;
  let loginAnswer: unknown;
  site.faults.interleave(
    'data.insert',
    async (args) => {
      const id = String((args[1] as { _id?: string } | undefined)?._id ?? '');
      // The backend greeting's claim of the contact's link: the contact signs up and logs in before it lands.
      if (!backendCapSeen && args[0] === 'InboxDeliveries' && id.startsWith('cap:welcome-back:contact:')) {
        backendCapSeen = true;
        memberId = controlsFor(site).seed.memberSilently({ email: 'nia@example.com', firstName: 'Nia' })._id;
        loginAnswer = await site.as(callers.member(memberId), () => welcomeBackAsCaller(deps)).catch((error: unknown) => error);
        return;
      }
      // The login's greeting went out; both inserts of its attempt's result fail (a 503 each: nothing written).
      if (memberId !== '' && resultFaults < 2 && args[0] === 'InboxDeliveries' && id.startsWith('result:welcome-back')) {
        resultFaults += 1;
        site.faults.inject('data.insert', { status: 503, times: 1 });
      }
    },
    1000,
  );

  const backend = await site.as(callers.eventHandler(), () => sendToParticipant(deps, { email: 'nia@example.com' }, GREETING));
  expect(backendCapSeen).toBe(true);
  expect(resultFaults).toBe(2);
  expect(backend).toMatchObject({ status: 'queued' });
  site.faults.clear();
  // The login greeted the member; its row reads sent, no record of its round exists.
  expect(greetingsIn(site, { memberId }).length).toBe(1);
  const rows = () => (site.data.inspectCollection('InboxOutbox') as { _id: string; status: string; attempts: number }[]).map((r) => `${r.status}:${r.attempts}`).sort();

  // Wix answers everything from here on. A day of hourly runs.
  for (let run = 0; run < 24; run += 1) {
    site.clock.advance(60 * 60 * 1000);
    await site.as(callers.job(), () => drainOutbox(deps));
  }
  void loginAnswer;
  expect(greetingsIn(site, { memberId }).length + greetingsIn(site, { contactId }).length).toBe(1);
  // Seen: ['retrying:25', 'sent:1'] — the backend greeting still retrying after 24 runs, and for ever after.
  expect(rows().filter((r) => r.startsWith('retrying') || r.startsWith('pending'))).toEqual([]);
});

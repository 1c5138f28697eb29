import { beforeEach, expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { sendToParticipant } from 'backend/inbox.web';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

// A visitor's call that stalled after sendMessage, past its one-minute lease, was taken over by the hourly job, which
// adopted the message it had sent. The stalled call then learned its attempt had been fenced, answered
// `deduplicated`, and gave its rate-limit slots back as if nothing had gone out: 8 of 8 acknowledgements from one
// visitor ID went out within 16 minutes (5 an hour allowed). Slots now come back only when nothing certainly went out.
let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
  site.clock.set(new Date('2030-06-01T09:00:00Z'));
});

let n = 0;
const acknowledge = () => {
  n += 1;
  return site.as(callers.visitor('v-stalling'), () => sendToParticipant({ email: `person${n}@example.com` }, { template: 'form-received', vars: {} }));
};

/** The next sendMessage goes through; then, before its result is recorded, the call stalls 2 minutes and the job runs. */
function stallAfterTheNextSend(): void {
  site.faults.interleave('inbox.sendMessage', () => {
    site.faults.interleave('data.insert', async () => {
      site.clock.advance(2 * 60 * 1000);
      await site.as(callers.job(), () => drainOutbox(siteDependencies(site)));
    });
  });
}

it('acknowledgements whose calls stalled and were finished by the job still count: 5 an hour for one visitor ID', async () => {
  const outcomes: unknown[] = [];
  for (let i = 0; i < 8; i += 1) {
    stallAfterTheNextSend();
    outcomes.push(await acknowledge());
  }
  site.faults.clear();
  expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(5);
  expect(outcomes.slice(5)).toEqual([0, 0, 0].map(() => expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'RATE_LIMITED' }) })));
});

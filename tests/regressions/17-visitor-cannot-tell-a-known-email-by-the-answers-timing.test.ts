import { expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox.web';
import { callers } from '../support/emulator';
import { seedContact, seedMember } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

// Decision 0006 creates a contact for an email nobody has, instead of refusing, so that "the answer does not tell a
// visitor whether an email is known to the site" (README, "What a visitor may do"): both answer { status: 'sent' }.
// The time the answer takes tells it instead. The unknown email's path is two sequential round trips longer
// (createContact after the limits, then the lookup and the re-check of the new contact: 7 round trips against 5,
// decision 0025 "Unknown email: 7 · 15"), so with Wix's ordinary latency any visitor's script reads from the
// stopwatch whether an address is a contact or member of the site — one probe per address, before that probe itself
// makes it known. Measured here as emulated time with every Wix call taking the same 100 ms.
const LATENCY_MS = 100;

it('an acknowledgement to an email nobody has takes as long as one to a known contact or member', async () => {
  const site = startSiteWithCode();
  site.clock.set(new Date('2030-06-01T09:00:00Z'));
  const contactId = seedContact(site, { email: 'known.contact@example.com' });
  site.inbox.participantSendsMessage({ contactId }, 'Is the shop open on Sunday?');
  seedMember(site, { email: 'known.member@example.com' });
  // Warm the container (the owner's CMS wording is read once per container).
  await site.as(callers.visitor('v-warm'), () => sendToParticipant({ email: 'warm@example.com' }, { template: 'form-received', vars: {} }));
  site.kernel.latencyMs = LATENCY_MS;

  const timed = async (visitorId: string, email: string) => {
    const before = site.clock.nowMs();
    const answer = await site.as(callers.visitor(visitorId), () => sendToParticipant({ email }, { template: 'form-received', vars: {} }));
    return { answer, ms: site.clock.nowMs() - before };
  };
  const contact = await timed('v-1', 'known.contact@example.com');
  const member = await timed('v-2', 'known.member@example.com');
  const unknown = await timed('v-3', 'nobody.yet@example.com');

  // The answers are the same…
  for (const t of [contact, member, unknown]) expect(t.answer).toEqual({ ok: true, value: { status: 'sent' } });
  // …the stopwatch is not (today: contact 700 ms, member 700 ms, unknown 900 ms — two round trips more).
  expect({ contact: contact.ms, member: member.ms, unknown: unknown.ms }).toEqual({ contact: contact.ms, member: member.ms, unknown: Math.max(contact.ms, member.ms) });
});

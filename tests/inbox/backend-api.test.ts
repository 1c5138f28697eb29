import { beforeEach, describe, expect, it } from '@jest/globals';
import { resolveParticipant, resolveParticipants, sendMessage } from 'backend/inbox-api';
import { sendToParticipant as webSend } from 'backend/inbox.web';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact, seedMember } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
});

describe('backend/inbox-api: the inbox for the site’s own backend code (events, jobs)', () => {
  it('sends from a job, which has no session, what the web method would refuse to such a caller', async () => {
    const kim = seedMember(site, { email: 'kim@example.com' });

    const viaWeb = await site.as(callers.job(), () => webSend({ memberId: kim.memberId }, 'Your invoice is ready.'));
    expect(site.journal.count('inbox.sendMessage')).toBe(0);
    const direct = await site.as(callers.job(), () => sendMessage({ memberId: kim.memberId }, 'Your invoice is ready.', { idempotencyKey: 'invoice-7' }));

    expect(viaWeb).toMatchObject({ ok: false }); // no session: not an admin, so no free text to a member
    expect(direct).toMatchObject({ status: 'sent', participantId: { memberId: kim.memberId }, kind: 'member' });
  });

  it('sends once per idempotency key, as an event handler that Wix calls twice needs', async () => {
    seedContact(site, { email: 'lee@example.com' });
    const send = () => site.as(callers.eventHandler(), () => sendMessage({ email: 'lee@example.com' }, { template: 'welcome', vars: { name: 'Lee' } }, { idempotencyKey: 'evt-1' }));

    const [first, second] = [await send(), await send()];

    expect(first).toMatchObject({ status: 'sent', deduplicated: false });
    expect(second).toMatchObject({ status: 'sent', deduplicated: true });
    expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(1);
  });

  it('resolves many queries in input order, each with its own result', async () => {
    const contactId = seedContact(site, { email: 'mo@example.com' });

    const results = await site.as(callers.job(), () => resolveParticipants([{ email: 'nobody@example.com' }, { email: 'MO@example.com' }, { memberId: 'not-a-guid' }]));

    expect(results).toMatchObject([
      { ok: false, error: { code: 'PARTICIPANT_NOT_FOUND' } },
      { ok: true, value: { participantId: { contactId }, kind: 'contact' } },
      { ok: false, error: { code: 'INVALID_INPUT' } },
    ]);
    await expect(site.as(callers.job(), () => resolveParticipant({ email: 'nobody@example.com' }))).rejects.toMatchObject({ code: 'PARTICIPANT_NOT_FOUND' });
  });
});

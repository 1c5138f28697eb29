import { beforeEach, describe, expect, it } from '@jest/globals';
import * as web from 'backend/inbox.web';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedMember } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

let site: Site;
let memberId: string;
beforeEach(() => {
  site = startSiteWithCode();
  ({ memberId } = seedMember(site, { email: 'eva@example.com' }));
});
const message = { template: 'form-received', vars: { name: 'Eva', formName: 'Contact' } } as const;
const sendAsEva = (query: Parameters<typeof web.sendToParticipant>[0]) => site.as(callers.member(memberId), () => web.sendToParticipant(query, message));

describe('a member sending the same template the same day, naming themselves two ways', () => {
  it('by member ID, then by email: the second is the same send, not an idempotency conflict', async () => {
    await expect(sendAsEva({ memberId })).resolves.toMatchObject({ ok: true, value: { status: 'sent' } });
    await expect(sendAsEva({ email: 'eva@example.com' })).resolves.toMatchObject({ ok: true, value: { status: 'sent', deduplicated: true } });
    expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(1);
  });

  it('by email, then by the email in another case: the same send', async () => {
    await expect(sendAsEva({ email: 'eva@example.com' })).resolves.toMatchObject({ ok: true, value: { status: 'sent' } });
    await expect(sendAsEva({ email: 'Eva@Example.com' })).resolves.toMatchObject({ ok: true, value: { status: 'sent', deduplicated: true } });
    expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(1);
  });
});

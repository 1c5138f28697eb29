import { describe, expect, it } from '@jest/globals';
import { seedContact } from '../support/people';
import { rotatingVisitorsPerTest } from '../support/rotating-visitors';

const visitors = rotatingVisitorsPerTest();
const { acknowledgeFromNewVisitor } = visitors;

describe('what the per-recipient limit tells a visitor', () => {
  // KNOWN LEAK, left open: the per-recipient limit counts the person an email resolves to, and a refusal answers
  // RATE_LIMITED. A visitor who spends a person's five daily acknowledgements on one address then learns, from a
  // RATE_LIMITED on a second address nobody has used, that both belong to one contact or member of the site (and so
  // that the second is known to it). Closing it means answering a refusal by the recipient limits exactly as a send
  // (`{ status: 'sent' }`, nothing sent, no slot kept) — a change of the documented RATE_LIMITED answer of the
  // per-recipient limit (7-per-recipient-limit.test.ts), so it is left to that rule's owner.
  it.failing('a refusal for an address nobody used reads the same as for any other address', async () => {
    const { site } = visitors;
    const contactId = seedContact(site, { emails: ['ida@example.com', 'ida.private@example.com'] });
    for (let i = 0; i < 5; i += 1) await expect(acknowledgeFromNewVisitor('ida@example.com')).resolves.toMatchObject({ ok: true });

    await expect(acknowledgeFromNewVisitor('ida.private@example.com')).resolves.toEqual({ ok: true, value: { status: 'sent' } });
    expect(site.inbox.conversationOf({ contactId })?.messageCount).toBe(5);
  });
});

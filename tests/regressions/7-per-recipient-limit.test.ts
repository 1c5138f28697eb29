import { describe, expect, it } from '@jest/globals';
import { MAX_CLOCK_SKEW_MS } from 'backend/inbox/visitor-limits';
import { seedMember } from '../support/people';
import { rotatingVisitorsPerTest } from '../support/rotating-visitors';

const visitors = rotatingVisitorsPerTest();
const { acknowledgeFromNewVisitor } = visitors;
const DAY = 24 * 60 * 60 * 1000;

describe('one recipient, many visitor IDs', () => {
  it('a person receives at most 5 acknowledgements a day, however many visitor IDs ask (RATE_LIMITED after)', async () => {
    const { site } = visitors;
    const victim = seedMember(site, { email: 'vera@example.com' });
    const outcomes = [];
    for (let i = 0; i < 8; i += 1) outcomes.push(await acknowledgeFromNewVisitor('vera@example.com'));
    expect(outcomes.slice(0, 5).every((o) => o.ok)).toBe(true);
    expect(outcomes.slice(5)).toEqual(Array.from({ length: 3 }, () => expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'RATE_LIMITED' }) })));
    expect(site.inbox.conversationOf({ memberId: victim.memberId })?.messageCount).toBe(5);
  });

  it('counts the person, not how the email is spelt', async () => {
    const { site } = visitors;
    seedMember(site, { email: 'walt@example.com' });
    for (const email of ['walt@example.com', 'WALT@example.com', 'Walt@Example.com', 'walt@EXAMPLE.COM', 'wAlt@example.com']) {
      await expect(acknowledgeFromNewVisitor(email)).resolves.toMatchObject({ ok: true });
    }
    await expect(acknowledgeFromNewVisitor('walt@example.COM')).resolves.toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  });

  it('counts a new email from its first acknowledgement, the one that creates its contact', async () => {
    const { site } = visitors;
    for (let i = 0; i < 5; i += 1) await expect(acknowledgeFromNewVisitor('new@example.com')).resolves.toMatchObject({ ok: true });
    await expect(acknowledgeFromNewVisitor('new@example.com')).resolves.toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(5);
  });

  it('slides: room opens again one day (and the clock-skew bound) after the oldest acknowledgement, not at midnight', async () => {
    const { site } = visitors;
    seedMember(site, { email: 'xia@example.com' });
    site.clock.set(new Date('2030-01-01T23:00:00Z'));
    for (let i = 0; i < 5; i += 1) await acknowledgeFromNewVisitor('xia@example.com');
    site.clock.set(new Date('2030-01-02T00:30:00Z'));
    await expect(acknowledgeFromNewVisitor('xia@example.com')).resolves.toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    site.clock.set(new Date(Date.parse('2030-01-01T23:00:00Z') + DAY + MAX_CLOCK_SKEW_MS + 1));
    await expect(acknowledgeFromNewVisitor('xia@example.com')).resolves.toMatchObject({ ok: true });
  });

  it('other recipients are not held back by one flooded inbox', async () => {
    const { site } = visitors;
    seedMember(site, { email: 'yan@example.com' });
    for (let i = 0; i < 6; i += 1) await acknowledgeFromNewVisitor('yan@example.com');
    await expect(acknowledgeFromNewVisitor('zed@example.com')).resolves.toMatchObject({ ok: true });
  });
});

import { describe, expect, it } from '@jest/globals';
import { seedMember } from '../support/people';
import { rotatingVisitorsPerTest } from '../support/rotating-visitors';

// 32-bit FNV-1a is invertible step by step, so a meet-in-the-middle search finds an address of the attacker's own
// domain with the same FNV-1a fingerprint as any victim's address in seconds; this pair was found that way.
const VICTIM = 'vera@example.com';
const CRAFTED = 'xaustacb7@attacker.example';

const visitors = rotatingVisitorsPerTest();
const { acknowledgeFromNewVisitor } = visitors;

/** FNV-1a, 32 bits: the fingerprint the limit keys were once named by. */
function fnv1a(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i += 1) hash = Math.imul(hash ^ value.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

describe('per-recipient limit keys', () => {
  it('the crafted address shares the victim address’s 32-bit FNV-1a fingerprint (the premise of this attack)', () => {
    expect(fnv1a(CRAFTED)).toBe(fnv1a(VICTIM));
  });

  it('flooding a crafted address does not use up the acknowledgements of the address it was crafted against', async () => {
    const { site } = visitors;
    const victim = seedMember(site, { email: VICTIM });
    for (let i = 0; i < 5; i += 1) await expect(acknowledgeFromNewVisitor(CRAFTED)).resolves.toMatchObject({ ok: true });
    await expect(acknowledgeFromNewVisitor(CRAFTED)).resolves.toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });

    await expect(acknowledgeFromNewVisitor(VICTIM)).resolves.toMatchObject({ ok: true });
    expect(site.inbox.conversationOf({ memberId: victim.memberId })?.messageCount).toBe(1);
  });
});

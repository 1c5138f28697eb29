import { beforeEach, describe, expect, it } from '@jest/globals';
import { veloDirectory } from 'backend/wix/velo-directory';
import type { Site } from '../../emulator/site';
import { callers } from '../support/emulator';
import { seedMember } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
});

describe('finding members', () => {
  it('returns every match, following the pages past the first 1000', async () => {
    const ids = Array.from({ length: 1005 }, (_, i) => seedMember(site, { email: `m${i}@example.com` }).memberId);
    site.journal.clear();
    const found = await site.as(callers.job(), () => veloDirectory.findMembers({ ids, loginEmails: [] }));

    expect(found).toHaveLength(1005);
    expect(new Set(found.map((m) => m.id))).toEqual(new Set(ids));
    const queries = site.journal.entries('data.query');
    expect(queries.length).toBeGreaterThanOrEqual(2);
    for (const query of queries) expect((query.args[0] as { limit: number }).limit).toBeLessThanOrEqual(1000);
  });

  it('returns member ID and login email for matches by ID or by exact login email', async () => {
    const ann = seedMember(site, { email: 'ann@example.com' });
    const bo = seedMember(site, { email: 'bo@example.com' });
    const found = await site.as(callers.job(), () => veloDirectory.findMembers({ ids: [ann.memberId], loginEmails: ['bo@example.com', 'BO@example.com'] }));
    expect(found.sort((a, b) => (a.loginEmail ?? '').localeCompare(b.loginEmail ?? ''))).toEqual([
      { id: ann.memberId, loginEmail: 'ann@example.com' },
      { id: bo.memberId, loginEmail: 'bo@example.com' },
    ]);
  });
});

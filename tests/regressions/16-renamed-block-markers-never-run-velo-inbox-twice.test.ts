import { describe, expect, it } from '@jest/globals';
import { BLOCK_BEGIN, BLOCK_END } from '../../scripts/build/marked-block';
import { minimalSite, siteRepo } from '../support/site-repo';

// Tests here build velo-inbox into a site (transpiling all of src/): seconds each on a busy machine.
jest.setTimeout(60_000);

// Attack on issue 16: a site owner renamed velo-inbox's block markers ("// velo-inbox start"). The next build no longer
// found its block, read velo-inbox's handlers as the site's own, renamed them `site_X` and composed them with a new
// block: every velo-inbox handler ran twice per event (or, with a composed handler, the build told the owner to rename
// velo-inbox's own helper).

const EVENTS = 'src/backend/events.js';

describe("a site whose events.js loads velo-inbox's module outside the block", () => {
  it('stops, naming the lines and the marker lines to put back, when the block markers were renamed, and writes nothing', () => {
    const site = siteRepo(minimalSite({ [EVENTS]: "import wixData from 'wix-data';\n\nexport function wixStores_onNewOrder(event) {\n  return wixData.insert('Orders', { id: event.orderId }, { suppressAuth: true });\n}\n" }));
    try {
      site.build();
      site.write(EVENTS, site.read(EVENTS).replace(BLOCK_BEGIN, '// ---- velo-inbox start ----').replace(BLOCK_END, '// ---- velo-inbox end ----'));
      const before = site.snapshot();

      const stop = site.stop();

      expect(stop.message).toMatch(/src\/backend\/events\.js: line \d+(, \d+)* load velo-inbox's module \('backend\/inbox-events'\) outside velo-inbox's block/);
      expect(stop.message).toContain(BLOCK_BEGIN);
      expect(stop.message).toContain(BLOCK_END);
      expect(site.snapshot()).toEqual(before);
    } finally {
      site.remove();
    }
  });

  it("stops when the site's own handler already calls velo-inbox's, instead of composing the two into a double call", () => {
    const handWritten = [
      "import * as veloInbox from 'backend/inbox-events';",
      '',
      'export async function wixMembers_onMemberCreated(event) {',
      '  await veloInbox.wixMembers_onMemberCreated(event);',
      '}',
      '',
    ].join('\n');
    const site = siteRepo(minimalSite({ [EVENTS]: handWritten }));
    try {
      expect(site.stop().message).toMatch(/events\.js: line 1 loads velo-inbox's module[\s\S]*remove those calls/);
      expect(site.read(EVENTS)).toBe(handWritten);
    } finally {
      site.remove();
    }
  });
});

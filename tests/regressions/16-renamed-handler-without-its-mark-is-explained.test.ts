import { describe, expect, it } from '@jest/globals';
import { COMPOSED_MARK } from '../../scripts/build/events-block';
import { minimalSite, siteRepo } from '../support/site-repo';

// Tests here build velo-inbox into a site (transpiling all of src/): seconds each on a busy machine.
jest.setTimeout(60_000);

// Attack on issue 16: after a build composed the site's handler (renamed `site_X`, its `export` replaced by a mark
// comment), the site owner tidied the comment away. The next build stopped with "declares site_X, which velo-inbox's
// block needs. Rename them" — a name the owner never chose, and no word of how to get their handler back.

const EVENTS = 'src/backend/events.js';

describe('a composed site handler whose mark comment was deleted', () => {
  it('stops the build saying it is the site’s own handler, renamed, and how to declare it again; nothing is written', () => {
    const site = siteRepo(minimalSite({ [EVENTS]: "export function wixMembers_onMemberCreated(event) {\n  console.log('hello', event.entity._id);\n}\n" }));
    try {
      site.build();
      site.write(EVENTS, site.read(EVENTS).replace(`${COMPOSED_MARK} `, ''));
      const before = site.snapshot();

      const message = site.stop().message;

      expect(message).toContain('declares site_wixMembers_onMemberCreated, which velo-inbox');
      expect(message).toContain('site_wixMembers_onMemberCreated looks like your wixMembers_onMemberCreated handler, renamed by an earlier build');
      expect(message).toContain('`export function wixMembers_onMemberCreated(event)`');
      expect(site.snapshot()).toEqual(before);
    } finally {
      site.remove();
    }
  });
});

import { describe, expect, it } from '@jest/globals';
import { SiteRepo } from 'wix-emulator/site-repo';
import { startSite } from '../support/emulator';
import { minimalSite, siteRepo } from '../support/site-repo';

// Tests here build velo-inbox into a site (transpiling all of src/): seconds each on a busy machine.
jest.setTimeout(60_000);

// Attack on issue 16: a site's events.js left half-edited (a function not closed) was built into: the build renamed the
// site's handler and appended its block, which then sat inside the site's unfinished function; and the loader failed
// on it with swc's bare Error instead of a typed one naming the file.

const HALF_EDITED = 'export function wixMembers_onMemberCreated(event) {\n  return event;\n\nexport function wixStores_onNewOrder(event) {}\n';

describe('a site file that is not valid JavaScript', () => {
  it.each([
    ['events.js', 'src/backend/events.js'],
    ['masterPage.js', 'src/pages/masterPage.js'],
  ])('stops the build naming %s and the line, and writes nothing', (_name, path) => {
    const site = siteRepo(minimalSite({ [path]: HALF_EDITED }));
    try {
      const before = site.snapshot();
      expect(site.stop().message).toMatch(new RegExp(`^${path.replace(/[./]/g, '\\$&')}, line \\d+: not valid JavaScript \\(.+\\), so the build will not merge into it`));
      expect(site.snapshot()).toEqual(before);
    } finally {
      site.remove();
    }
  });

  it('is refused by the loader with a typed error naming the file, line and column', () => {
    const site = siteRepo(minimalSite({ 'src/backend/events.js': HALF_EDITED }));
    try {
      const repo = new SiteRepo({ root: site.dir, site: startSite() });
      expect(() => repo.eventHandlers()).toThrow(expect.objectContaining({ name: 'SiteRepoError', code: 'NOT_VALID_JAVASCRIPT', message: expect.stringMatching(/src\/backend\/events\.js:4:1: not valid JavaScript \(.+\)$/) }));
    } finally {
      site.remove();
    }
  });
});

import { join } from 'node:path';
import { siteRepo, type SiteRepo } from '../support/site-repo';

// Tests here build velo-inbox into a site (transpiling all of src/): seconds each on a busy machine.
jest.setTimeout(60_000);

// Issue 16: the dependency check read the whole merged events.js and masterPage.js, so a site whose own events.js
// imports `@wix/bookings` (listed in the site's package.json) was refused: "Imports of packages velo-inbox's
// package.json does not list".

const SITE = join(__dirname, '..', 'fixtures', 'site-repos', 'bookings-crlf');

let site: SiteRepo;
afterEach(() => site.remove());

describe("the site's own imports", () => {
  it("never stop the build: only velo-inbox's emitted code is checked, and the site's packages stay as listed", () => {
    site = siteRepo(SITE);
    const pkg = JSON.parse(site.read('package.json')) as { dependencies: Record<string, string> };

    const plan = site.build();

    expect(site.read('src/backend/events.js')).toMatch(/from '@wix\/bookings'/);
    expect(site.read('src/pages/masterPage.js')).toMatch(/from '@wix\/site-window'/);
    expect(Object.keys(plan.dependencies)).not.toContain('@wix/bookings');
    expect(JSON.parse(site.read('package.json')).dependencies).toMatchObject(pkg.dependencies);
  });
});

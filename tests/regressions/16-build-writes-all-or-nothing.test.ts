import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minimalSite, siteRepo, type SiteRepo } from '../support/site-repo';

// Tests here build velo-inbox into a site (transpiling all of src/): seconds each on a busy machine.
jest.setTimeout(60_000);

// Issue 16: the build wrote file after file, through symbolic links too: a linked jobs.config was written wherever it
// pointed, and a stop found late left the files written before it.

let site: SiteRepo;
let outside: string;
beforeEach(() => {
  site = siteRepo(minimalSite({ 'src/backend/events.js': 'export function wixStores_onNewOrder(event) {}\n' }));
  outside = mkdtempSync(join(tmpdir(), 'outside-'));
});
afterEach(() => {
  site.remove();
  rmSync(outside, { recursive: true, force: true });
});

describe('the build writes all or nothing', () => {
  it('stops before writing anything when a file it would write is a symbolic link out of the repo', () => {
    writeFileSync(join(outside, 'jobs.config'), '{ "jobs": [] }\n');
    symlinkSync(join(outside, 'jobs.config'), join(site.dir, 'src/backend/jobs.config'));
    const before = site.snapshot();

    const stop = site.stop();

    expect(stop.message).toContain('src/backend/jobs.config: src/backend/jobs.config is a symbolic link resolving outside the repo');
    expect(readFileSync(join(outside, 'jobs.config'), 'utf8')).toBe('{ "jobs": [] }\n');
    expect(site.snapshot()).toEqual(before);
  });

  it('stops before writing anything when a folder it would write into is a symbolic link, even one inside the repo', () => {
    mkdirSync(join(site.dir, 'elsewhere'));
    symlinkSync(join(site.dir, 'elsewhere'), join(site.dir, 'src/public'));
    const before = site.snapshot();

    expect(site.stop().message).toMatch(/src\/public\/inbox\/[^:]+: src\/public is a symbolic link\n/);
    expect(site.snapshot()).toEqual(before);
  });

  it('stops a dry run the same way, so what it shows is what a real run would do', () => {
    symlinkSync(join(outside, 'missing.js'), join(site.dir, 'src/backend/events.js.link'));
    rmSync(join(site.dir, 'src/backend/events.js'));
    symlinkSync(join(outside, 'events.js'), join(site.dir, 'src/backend/events.js'));
    writeFileSync(join(outside, 'events.js'), 'export function wixStores_onNewOrder(event) {}\n');

    expect(site.stop({ dryRun: true }).message).toContain('src/backend/events.js is a symbolic link resolving outside the repo');
  });
});

import { describe, expect, it } from '@jest/globals';
import { SiteRepo, SiteRepoError } from 'wix-emulator/site-repo';
import { startSite } from '../support/emulator';
import { minimalSite, siteRepo } from '../support/site-repo';

// Tests here build velo-inbox into a site (transpiling all of src/): seconds each on a busy machine.
jest.setTimeout(60_000);

// Attack on issue 16: the build read jobs.config and permissions.json allowing trailing commas and wrote velo-inbox's
// job into a jobs.config with one, which the emulator's loader then refused ("not valid JSON with comments"); and the
// loader read permissions.json with JSON.parse, so a commented one the build had edited failed with a bare SyntaxError.
// Both now read JSON with comments by one rule (packages/wix-emulator/src/site-repo/jsonc.ts).

const TRAILING_COMMA_JOBS = `// /backend/jobs.config
{
  "jobs": [
    { "functionLocation": "/reports.js", "functionName": "weeklyReport", "executionConfig": { "time": "08:00" } },
  ]
}
`;

const COMMENTED_PERMISSIONS = `// Who may call each .jsw function
{
  "web-methods": {
    "*": { "*": { "siteOwner": { "invoke": true }, "siteMember": { "invoke": false }, "anonymous": { "invoke": false } } }
  }
}
`;

describe('JSON with comments, read alike by the build and the loader', () => {
  it('the build stops on a jobs.config with a trailing comma, naming it, and writes nothing; the loader refuses the same text', () => {
    const site = siteRepo(minimalSite({ 'src/backend/jobs.config': TRAILING_COMMA_JOBS, 'src/backend/reports.js': 'export function weeklyReport() {}\n' }));
    try {
      const before = site.snapshot();
      expect(site.stop().message).toMatch(/src\/backend\/jobs\.config cannot be read \(a trailing comma at line 4, column 114\)/);
      expect(site.snapshot()).toEqual(before);

      const repo = new SiteRepo({ root: site.dir, site: startSite() });
      expect(() => repo.jobs()).toThrow(new SiteRepoError('JOBS_CONFIG_INVALID', 'src/backend/jobs.config:4:114: not valid JSON with comments (a trailing comma)'));
    } finally {
      site.remove();
    }
  });

  it("the loader reads a commented permissions.json, and names the file, line and column of one it cannot read", () => {
    const site = siteRepo(minimalSite({ 'src/backend/permissions.json': COMMENTED_PERMISSIONS }));
    try {
      const repo = new SiteRepo({ root: site.dir, site: startSite() });
      expect(repo.permissions()['web-methods']?.['*']).toBeDefined();

      site.write('src/backend/permissions.json', COMMENTED_PERMISSIONS.replace('} } }\n', '} }, }\n'));
      expect(() => repo.permissions()).toThrow(expect.objectContaining({ name: 'SiteRepoError', code: 'PERMISSIONS_INVALID', message: expect.stringMatching(/^src\/backend\/permissions\.json:4:\d+: not valid JSON with comments/) }));
    } finally {
      site.remove();
    }
  });

  it('the build and the loader both name a byte order mark at the start of jobs.config, instead of an "InvalidSymbol"', () => {
    const site = siteRepo(minimalSite({ 'src/backend/jobs.config': '\uFEFF// /backend/jobs.config\n{ "jobs": [] }\n' }));
    try {
      expect(site.stop().message).toMatch(/jobs\.config cannot be read \(a byte order mark \(U\+FEFF\) before the first character at line 1, column 1\)/);
      expect(() => new SiteRepo({ root: site.dir, site: startSite() }).jobs()).toThrow(/jobs\.config:1:1: not valid JSON with comments \(a byte order mark/);
    } finally {
      site.remove();
    }
  });
});

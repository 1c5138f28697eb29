import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { siteBuiltWithVeloInbox } from '../support/site-built-with-velo-inbox';

describe('npm start', () => {
  it('tells the whole story on the emulator, running the build as Wix loads it, and ends with every message in the member conversation', () => {
    const saved = join(mkdtempSync(join(tmpdir(), 'velo-inbox-start-')), 'site.json');
    const output = execFileSync(join('node_modules', '.bin', 'tsx'), ['scripts/start.ts', '--no-ui', '--save', saved], {
      encoding: 'utf8',
      // A plain process, as `npm start` runs: not a jest worker (the emulator's module resolution checks for one).
      env: Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'JEST_WORKER_ID')),
    });

    expect(output).toMatch(/conversations merged\s+anonymous visitor visitor-ada → contact/);
    expect(output).toMatch(/conversations merged\s+contact \S+ → member/);
    expect(output).toContain('"We got your message, Ada"');
    expect(output).toContain('"Welcome aboard, Ada!" (to the member\'s conversation)');
    expect(output).toContain('"Welcome back, Ada"');
    expect(output).toContain('"kind":"member"');
    expect(output).toContain('merges: 2   detached conversations: 0');
    expect(output).not.toContain('not called by Wix');

    const state = JSON.parse(readFileSync(saved, 'utf8')) as { version: number };
    expect(state.version).toBe(1);
  }, 60_000);
});

describe('npm start -- --site <repo>', () => {
  it("tells the story on a site repo built with velo-inbox: the site's own handler runs, and a handler Wix never calls is named", () => {
    const root = siteBuiltWithVeloInbox('member-roles');
      const output = execFileSync(join('node_modules', '.bin', 'tsx'), ['scripts/start.ts', '--no-ui', '--site', root], {
      encoding: 'utf8',
      env: Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'JEST_WORKER_ID')),
    });
    expect(output).toContain('⚠ not called by Wix: wixCrm_onContactCreated (src/backend/events.js:23): re-export');
    expect(output).toContain("the site has no page wiring velo-inbox's contact-form helper yet");
    expect(output).toContain('"Welcome aboard, Ada!" (to the member\'s conversation)');
    // The site's own handler ran, on the collection its wix-emulator.json declares.
    expect(output).not.toContain('⚠ a site event handler failed');
  }, 90_000);
});

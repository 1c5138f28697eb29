import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as realSite from '@wix/site';
import { loadPage } from '../src/pages/load-page';
import type { Site } from '../src';
import { callers, startSite } from '../src/testing';

/**
 * Page code imports the SDK host modules `@wix/site` (authentication.onLogin) and `@wix/site-members` (currentMember);
 * the page runtime hands it the emulator's shims. The page writes what it saw into a global the test reads.
 */
let root: string;
let site: Site;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'page-host-modules-'));
  site = startSite();
  (globalThis as { seen?: unknown[] }).seen = [];
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  delete (globalThis as { seen?: unknown[] }).seen;
});
const seen = () => (globalThis as { seen?: unknown[] }).seen ?? [];

function page(source: string) {
  mkdirSync(join(root, 'src', 'pages'), { recursive: true });
  writeFileSync(join(root, 'src', 'pages', 'masterPage.ts'), source);
  return loadPage(site, { modulePath: 'src/pages/masterPage.ts', root, caller: callers.visitor('v-page') });
}

describe('@wix/site authentication.onLogin in page code', () => {
  it('calls the handler with no argument when a member logs in, as the member; currentMember then reads them in FULL', async () => {
    const me = site.members.seedMember({ email: 'ida@example.com', firstName: 'Ida', nickname: 'ida-the-great' });
    await page(`
      import { authentication } from '@wix/site';
      import { currentMember } from '@wix/site-members';
      const seen = (globalThis as any).seen;
      authentication.onLogin(async (...args: unknown[]) => {
        seen.push(args.length);
        const member = await currentMember.getMember();
        seen.push(member && member._id, member && member.contactId, member && member.contactDetails && member.contactDetails.firstName);
      });
    `);
    await site.members.logIn(me._id, { visitorId: 'v-page' });

    expect(seen()).toEqual([0, me._id, me.contactId, 'Ida']);
  });

  it('returns a no-op unsubscribe, as @wix/authentication does on a Velo site: the handler keeps firing', async () => {
    const me = site.members.seedMember({ email: 'jo@example.com' });
    await page(`
      import { authentication } from '@wix/site';
      const seen = (globalThis as any).seen;
      const stop = authentication.onLogin(() => { seen.push('login'); stop(); });
      authentication.onLogin(() => { seen.push('always'); });
    `);
    await site.members.logIn(me._id);
    await site.members.logIn(me._id);

    expect(seen()).toEqual(['login', 'always', 'login', 'always']);
  });

  it('surfaces a failing handler, as the old onLogin did', async () => {
    const me = site.members.seedMember({ email: 'kim@example.com' });
    await page(`
      import { authentication } from '@wix/site';
      authentication.onLogin(async () => { throw new Error('greeting broke'); });
    `);
    await expect(site.members.logIn(me._id)).rejects.toThrow('1 onLogin handler(s) failed');
  });
});

describe('@wix/site-members currentMember in page code', () => {
  it('resolves undefined for a visitor, as its docs say (its typings promise a Member)', async () => {
    await page(`
      import { currentMember } from '@wix/site-members';
      $w.onReady(async () => { (globalThis as any).seen.push(await currentMember.getMember()); });
    `);
    expect(seen()).toEqual([undefined]);
  });
});

describe('which host modules page code gets', () => {
  it('refuses a host module the emulator has no shim for, by name', async () => {
    await expect(page(`import { window } from '@wix/site-window';\nexport const w = window;`)).rejects.toThrow(
      "SDK host module '@wix/site-window' is not emulated",
    );
  });

  it('leaves the real @wix/site package to code outside pages', () => {
    // Only page imports are redirected; tests and backend code importing the name get the package itself.
    expect(realSite.site).toBeDefined();
    expect(typeof realSite.authentication.onLogin).toBe('function');
  });
});

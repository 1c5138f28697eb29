import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { contacts } from '@wix/crm';
import { auth } from '@wix/essentials';
import { enableSiteSdkContext, restApp, type Site, type SiteSdkContext } from '../../src';
import { runOnPage } from '../../src/kernel/rpc';
import { callers, startSite } from '../../src/testing';
import { seedContact } from '../../src/testing';

// On Wix, `auth.elevate` is for backend code only. The Velo `wix-auth` shim refused it in page code, but the SDK site
// context's elevated client marked any request elevated, so page code calling `auth.elevate(contacts.getContact)` read
// any contact locally — code that fails on Wix passed on the emulator, and elevation left the backend.
let site: Site;
let context: SiteSdkContext;
beforeEach(() => {
  site = startSite({ seed: 3 });
  context = enableSiteSdkContext(restApp(site));
});
afterEach(() => context.disable());

describe('auth.elevate through the SDK site context', () => {
  it('is refused in page code, and the contact is not read', async () => {
    const contactId = seedContact(site, { email: 'pat@example.com', first: 'Pat' });
    const fromPage = site.as(callers.visitor('v-page'), () => runOnPage({}, () => auth.elevate(contacts.getContact)(contactId)));
    await expect(fromPage).rejects.toMatchObject({ status: 403, message: expect.stringMatching(/backend code only/) });
    expect(site.journal.entries('contacts.getContact').filter((e) => e.outcome === 'ok')).toEqual([]);
  });

  it('still works in backend code, as the same visitor', async () => {
    const contactId = seedContact(site, { email: 'pat@example.com', first: 'Pat' });
    const fromBackend = await site.as(callers.visitor('v-page'), () => auth.elevate(contacts.getContact)(contactId));
    expect(fromBackend._id).toBe(contactId);
  });
});

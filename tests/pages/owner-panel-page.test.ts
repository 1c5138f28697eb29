import { beforeEach, describe, expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox.web';
import { loadPage } from 'wix-emulator/pages';
import type { Caller, Site } from 'wix-emulator';
import { startSite, callers } from '../support/emulator';
import { seedContact } from '../support/people';
import * as siteEvents from 'backend/events';
import { followSiteClock } from '../support/site-with-code';
import { captureLogs } from '../support/captured-logs';
import { SITE_SOURCES } from '../../scripts/workbench/site-sources';

let site: Site;
beforeEach(() => {
  // A bare site: nothing set up yet, as on the day velo-inbox is installed.
  captureLogs();
  site = startSite({ eventHandlers: siteEvents });
  followSiteClock(site);
});

const elements = {
  '#inboxSetupStatus': 'Text',
  '#inboxSetupButton': 'Button',
  '#inboxCounts': 'Text',
  '#inboxDeadList': 'Text',
  '#inboxRetryKey': 'TextInput',
  '#inboxRetryButton': 'Button',
  '#inboxRetryStatus': 'Text',
  '#inboxBroadcasts': 'Text',
  '#inboxRefreshButton': 'Button',
} as const;

const openPanel = (caller: Caller = callers.admin()) => loadPage(site, { root: SITE_SOURCES, modulePath: 'tests/pages/fixtures/owner-panel-page.js', caller, elements });
const asAdmin = <T>(fn: () => Promise<T>) => site.as(callers.admin(), fn);

describe('the owner panel page (public/inbox/owner-panel)', () => {
  it('shows what setup is missing, sets the site up with one press, then hides the button', async () => {
    const page = await openPanel();
    expect(page.element('#inboxSetupStatus').text).toMatch(/^Not set up yet/);
    expect(page.element('#inboxSetupStatus').text).toContain('collection InboxOutbox');

    page.fireClick('#inboxSetupButton');
    await page.settled();

    expect(page.element('#inboxSetupStatus').text).toMatch(/^Set up:/);
    expect(page.element('#inboxSetupButton').hidden).toBe(true);
    expect(page.element('#inboxCounts').text).toMatch(/^Sent 0 · Pending 0/);
  });

  it('shows true counts and a dead message, and retries it once from its key', async () => {
    let page = await openPanel();
    page.fireClick('#inboxSetupButton');
    await page.settled();
    seedContact(site, { email: 'ann@example.com' });
    // The row is written beside the result; when that write fails, the CMS row lags and the panel says so.
    site.faults.inject('data.update', { status: 503, times: 100 });
    await asAdmin(() => sendToParticipant({ email: 'ann@example.com' }, 'Hello', { idempotencyKey: 'hello-ann' }));
    site.faults.clear();
    await asAdmin(() => sendToParticipant({ email: 'late@example.com' }, 'Your order shipped', { idempotencyKey: 'order-17' }));

    page = await openPanel();
    expect(page.element('#inboxCounts').text).toContain('Sent 1 ·');
    expect(page.element('#inboxCounts').text).toContain('Dead 1');
    expect(page.element('#inboxCounts').text).toContain('its status column is a cache');
    expect(page.element('#inboxDeadList').text).toContain('order-17 — permanent failure: PARTICIPANT_NOT_FOUND');

    seedContact(site, { email: 'late@example.com' });
    page.fireInput('#inboxRetryKey', 'order-17');
    page.fireClick('#inboxRetryButton');
    await page.settled();
    page.fireClick('#inboxRetryButton');
    await page.settled();

    expect(page.element('#inboxRetryStatus').text).toBe('order-17 is not dead (sent): nothing to retry.');
    expect(page.element('#inboxDeadList').text).toBe('No dead messages.');
    expect(site.journal.entries('inbox.sendMessage').filter((e) => e.outcome === 'ok')).toHaveLength(2);
  });

  it('shows a visitor only that the panel is for admins, and reads nothing', async () => {
    const page = await openPanel(callers.visitor('v-curious'));

    expect(page.element('#inboxSetupStatus').text).toBe('Only the site’s admins can use this panel.');
    expect(page.element('#inboxCounts').text).toBe('Only the site’s admins can use this panel.');
    expect(site.journal.count('data.query')).toBe(0);
    expect(site.journal.count('data.getDataCollection')).toBe(0);
  });
});

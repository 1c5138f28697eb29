import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { createSiteFromRepo } from '../../src/site-repo';
import { launchChromium, skipBrowserTests } from '../../src/testing/browser';
import { serveLocalUi, type LocalUi } from '../../src/ui';

/**
 * Any site in Chromium: a bakery's repo (nothing to do with messaging) served with the local UI. Its page is the one its
 * wix-emulator.json lays out, its page code and web module run on a click, and the owner answers a chat from the Inbox.
 */
const BAKERY = join(__dirname, '..', 'fixtures', 'site-repos', 'bakery');
const suite = skipBrowserTests ? describe.skip : describe;

/** Clicks a button that posts a form and returns the notice of the page it lands on. */
async function act(page: Page, name: string, scope = page.locator('main')): Promise<string> {
  const landed = page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame());
  await scope.getByRole('button', { name, exact: true }).click();
  await landed;
  await page.waitForLoadState('load');
  return (await page.locator('#notice').innerText()).trim();
}

suite('a bakery site in the local UI, in a real browser', () => {
  let browser: Browser;
  let ui: LocalUi;
  let page: Page;

  beforeAll(async () => {
    const { site, repo, notCalled } = createSiteFromRepo(BAKERY, { log: () => undefined });
    ui = await serveLocalUi({ site, repo, notCalled, port: 0 });
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(10_000);
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await ui?.close();
  }, 30_000);

  it('orders a loaf on the page its wix-emulator.json lays out: the page code calls the web module, the page says so', async () => {
    await page.goto(ui.uiUrl);
    expect(await page.getByRole('heading', { level: 2 }).first().innerText()).toContain('Order page');
    await page.locator('#el-loaf').fill('rye');
    expect(await act(page, 'Enter')).toBe('Typed into #loaf.');
    expect(await act(page, 'Order')).toBe('Clicked #order.');
    expect(await page.locator('#el-status').innerText()).toMatch(/^Order [0-9a-f-]+ is in the oven\.$/);
  }, 30_000);

  it('lets the owner answer a chat from the Inbox, as the business', async () => {
    ui.local.controls.act.participantSendsMessage({ anonymousVisitorId: 'v-lena' }, 'Open on Sunday?');
    await page.goto(ui.uiUrl);
    await page.getByLabel('You are').selectOption('owner');
    await act(page, 'Switch', page.locator('header'));
    await page.goto(`${ui.uiUrl}/inbox`);
    const conversation = page.locator('article.conversation').first();
    await conversation.getByLabel('Reply as the owner').fill('From eight to noon.');
    expect(await act(page, 'Reply', conversation)).toMatch(/^Replied in conversation .* as the business, as from Wix's Inbox dashboard\.$/);
    expect(await conversation.locator('ol.messages li').last().innerText()).toContain('From eight to noon.');
  }, 30_000);
});

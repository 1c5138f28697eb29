import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { createSiteFromRepo } from '../../src/site-repo';
import { launchChromium, skipBrowserTests } from '../../src/testing/browser';
import { serveLocalUi, type LocalUi } from '../../src/ui';

/**
 * Any site in Chromium: a bakery's repo (nothing to do with messaging) served with the local UI. Its pages are the ones
 * its wix-emulator.json lays out and the page files it has, its page code and web module run on a click, the backend
 * view calls any web method and runs its job, and the owner answers a chat from the Inbox.
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

  it('switches this browser to another page of the site, and shows a page that cannot load with its typed error', async () => {
    await page.goto(ui.uiUrl);
    const pages = page.getByLabel('Site page');
    expect(await pages.locator('option').allInnerTexts()).toEqual([
      'Order · src/pages/Order.k3m9p.js',
      'About · src/pages/About.a7b2c.js',
      'Holiday (no elements declared) · src/pages/Holiday.h1d2y.js',
      'Kitchen (no elements declared) · src/pages/Kitchen.q8r9s.js',
    ]);
    await pages.selectOption('About');
    expect(await act(page, 'Open page')).toBe('You are on the About page.');
    expect(await page.locator('#el-hours').innerText()).toBe('Monday to Saturday, 7:00 to 13:00');
    expect(await act(page, 'Say hello')).toBe('Clicked #greet.');
    expect(await page.locator('#el-hours').innerText()).toBe('See you at the counter.');

    // Another browser is still on the first page.
    const other = await (await browser.newContext()).newPage();
    await other.goto(ui.uiUrl);
    expect(await other.locator('#page-heading').innerText()).toContain('Order page');
    await other.context().close();

    await page.getByLabel('Site page').selectOption('Kitchen');
    expect(await act(page, 'Open page')).toBe('The Kitchen page did not load: NOT_A_WEB_MODULE.');
    expect(await page.locator('#page-failed').innerText()).toMatch(/^NOT_A_WEB_MODULE\s+src\/pages\/Kitchen\.q8r9s\.js: imports 'backend\/bake'/);
  }, 30_000);

  it('calls a web method from the backend view as the chosen identity: progress while it runs, once for a double click, the answer in place', async () => {
    await page.goto(ui.uiUrl);
    await page.getByLabel('You are').selectOption('visitor');
    await act(page, 'Switch', page.locator('header'));
    await page.goto(`${ui.uiUrl}/backend`);
    const before = ui.local.controls.inspect.collection('Orders').length;
    // A slow backend: the call waits a second of real time before it runs.
    ui.local.controls.faults.interleave('webMethod.orderLoaf', () => new Promise((resolve) => setTimeout(resolve, 1_000)));
    const order = page.locator('#call-backend-orders-web-orderLoaf');
    await order.getByLabel('Arguments to orderLoaf (a JSON array)').fill('["spelt"]');
    // While the answer is awaited the page cannot be queried (a navigation is pending): the page reports what it shows.
    const shown: string[] = [];
    page.on('console', (message) => {
      if (message.text().startsWith('progress: ')) shown.push(message.text().slice('progress: '.length));
    });
    // Page code as a string: this file is compiled without the DOM's types.
    await page.evaluate(`(() => {
      const form = document.querySelector('#call-backend-orders-web-orderLoaf form');
      new MutationObserver(() => {
        const status = form.querySelector('[role=status]');
        if (status) console.log('progress: ' + status.textContent.trim() + ' | ' + form.getAttribute('aria-busy'));
      }).observe(form, { subtree: true, childList: true, characterData: true, attributes: true });
    })()`);
    const landed = page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame());
    await order.getByRole('button', { name: 'Call orderLoaf' }).dblclick();
    await landed;
    await page.waitForLoadState('load');
    expect(shown).toContain('Calling orderLoaf… 0 s | true');
    expect(await page.locator('#notice').innerText()).toMatch(/^orderLoaf answered \(as anonymous visitor [0-9a-f-]{36}\)\.$/);
    expect(ui.local.controls.inspect.collection('Orders')).toHaveLength(before + 1);
    expect(await page.locator('#call-backend-orders-web-orderLoaf-answer').innerText()).toMatch(/^"[0-9a-f-]{36}"$/);
    expect(await page.getByLabel('Arguments to orderLoaf (a JSON array)').inputValue()).toBe('["spelt"]');

    // The owner-only count, refused to the visitor as Wix refuses it.
    const count = page.locator('#call-backend-orders-web-countOrders');
    expect(await act(page, 'Call countOrders', count)).toContain('countOrders failed');
    expect(await page.locator('#call-backend-orders-web-countOrders').getByRole('alert').innerText()).toContain('403 FORBIDDEN');
  }, 30_000);

  it('runs the job of jobs.config from the backend view and shows what it returned', async () => {
    await page.goto(`${ui.uiUrl}/backend`);
    const job = page.locator('#job-bake-js-morningBake');
    expect(await act(page, 'Run morningBake now', job)).toBe("Job morningBake (backend/bake) ran, as Wix's scheduler runs it.");
    expect(JSON.parse(await page.locator('#job-bake-js-morningBake-answer').innerText())).toEqual({ baked: 1, orders: ui.local.controls.inspect.collection('Orders').length });
  }, 30_000);

  it('keeps the page switch and the web method and job forms usable 390 px wide: no view scrolls sideways', async () => {
    const narrow = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    for (const path of ['', '/backend']) {
      await narrow.goto(`${ui.uiUrl}${path}`);
      expect({ path, width: await narrow.evaluate<number>('document.documentElement.scrollWidth') }).toEqual({ path, width: 390 });
    }
    const call = await narrow.getByRole('button', { name: 'Call countOrders' }).boundingBox();
    expect(call && call.x >= 0 && call.x + call.width <= 390).toBe(true);
    await narrow.context().close();
  }, 30_000);
});

import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { Site } from '../../src';
import { createSiteFromRepo } from '../../src/site-repo';
import { LocalSite, ui, uiApp, type LocalSiteOptions } from '../../src/ui';

/**
 * Every page of a site in the local UI: the pages its wix-emulator.json declares and the page code files it has, each
 * browser on a page of its own, and a page that cannot load showing why in its place.
 */
const BAKERY = join(__dirname, '..', 'fixtures', 'site-repos', 'bakery');
const ORIGIN = 'http://127.0.0.1';

let site: Site | undefined;
afterEach(() => site?.events.settle());

async function openBakery(options: Partial<LocalSiteOptions> = {}) {
  const opened = createSiteFromRepo(BAKERY, { seed: 7, log: () => undefined });
  site = opened.site;
  const local = await LocalSite.open({ site: opened.site, repo: opened.repo, ...options } as LocalSiteOptions);
  return { local, app: uiApp(local) };
}

/** One browser: its cookie kept, each form posted once with a fresh token. */
function browser(app: ReturnType<typeof uiApp>) {
  let cookie = '';
  const request = async (path: string, init: RequestInit = {}) => {
    const response = await app.request(`${ORIGIN}${ui(path)}`, { ...init, headers: { ...(init.headers as Record<string, string>), ...(cookie ? { Cookie: cookie } : {}) } });
    cookie = response.headers.get('Set-Cookie')?.split(';')[0] ?? cookie;
    return response;
  };
  const page = async (path = '/') => (await request(path)).text();
  const post = (path: string, fields: Record<string, string>) =>
    request(path, { method: 'POST', body: new URLSearchParams({ formToken: randomUUID(), ...fields }), headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' } });
  return { page, post };
}

describe('the pages of a site in the local UI', () => {
  it('lists the declared pages in their order, then the page code files no declaration names, never the master page', async () => {
    const { local } = await openBakery();
    expect(local.pages.map((p) => [p.key, p.layout.modulePath, p.declared])).toEqual([
      ['Order', 'src/pages/Order.k3m9p.js', true],
      ['About', 'src/pages/About.a7b2c.js', true],
      ['Holiday', 'src/pages/Holiday.h1d2y.js', false],
      ['Kitchen', 'src/pages/Kitchen.q8r9s.js', false],
    ]);
  });

  it('opens a new browser on the first page, and switches this browser to another page, running that page’s code', async () => {
    const { app } = await openBakery();
    const visitor = browser(app);
    expect(await visitor.page()).toContain('<h2 id="page-heading">Order page');

    expect((await visitor.post('/site/page', { page: 'About' })).status).toBe(303);
    const about = await visitor.page();
    expect(about).toContain('You are on the About page.');
    expect(about).toContain('<h2 id="page-heading">About page');
    expect(about).toContain('<p id="el-hours" class="wix-text">Monday to Saturday, 7:00 to 13:00</p>');
    expect(about).toContain('<option value="About" selected>');
    expect(site?.journal.count('jsw.openingHours')).toBe(1);
  });

  it("acts on the chosen page's elements, and refuses an element of another page", async () => {
    const { app } = await openBakery();
    const visitor = browser(app);
    await visitor.post('/site/page', { page: 'About' });
    await visitor.post('/site/click', { selector: '#greet' });
    expect(await visitor.page()).toContain('<p id="el-hours" class="wix-text">See you at the counter.</p>');
    const refused = await visitor.post('/site/click', { selector: '#order' });
    expect(refused.status).toBe(404);
    expect(await refused.text()).toContain('NOT_FOUND: No element #order on this page.');
  });

  it('keeps each browser on its own page', async () => {
    const { app } = await openBakery();
    const first = browser(app);
    const second = browser(app);
    await first.post('/site/page', { page: 'About' });
    expect(await first.page()).toContain('<h2 id="page-heading">About page');
    expect(await second.page()).toContain('<h2 id="page-heading">Order page');
  });

  it('shows why a page did not load in its place — Wix’s loader refusing its import — and the rest of the UI still works', async () => {
    const { app } = await openBakery();
    const visitor = browser(app);
    await visitor.post('/site/page', { page: 'Kitchen' });
    const kitchen = await visitor.page();
    expect(kitchen).toContain('The Kitchen page did not load: NOT_A_WEB_MODULE.');
    expect(kitchen).toMatch(/<div class="page-failed" id="page-failed" role="alert"><p><strong>NOT_A_WEB_MODULE<\/strong><\/p><p>src\/pages\/Kitchen\.q8r9s\.js: imports &#39;backend\/bake&#39;; page code can import only web modules/);
    const click = await visitor.post('/site/click', { selector: '#order' });
    expect(click.status).toBe(404);
    await visitor.post('/site/page', { page: 'Order' });
    expect(await visitor.page()).toContain('<button type="submit" id="el-order">Order</button>');
  });

  it('shows a page whose own code threw while loading as PAGE_CODE_FAILED, with what it threw', async () => {
    const { app } = await openBakery();
    const visitor = browser(app);
    await visitor.post('/site/page', { page: 'Holiday' });
    expect(await visitor.page()).toContain(
      '<p><strong>PAGE_CODE_FAILED</strong></p><p>src/pages/Holiday.h1d2y.js: the page&#39;s code failed while loading: [$w.onReady] The oven is cold until Monday.</p>',
    );
  });

  it('shows a page whose code file is missing as PAGE_CODE_MISSING, in place of its elements', async () => {
    const { app } = await openBakery({ page: { title: 'Gone', modulePath: 'src/pages/Gone.z0z0z.js', elements: { '#x': 'Text' } } });
    const visitor = browser(app);
    const gone = await visitor.page();
    expect(gone).toContain('<h2 id="page-heading">Gone page');
    expect(gone).toContain('<p><strong>PAGE_CODE_MISSING</strong></p><p>src/pages/Gone.z0z0z.js: the page&#39;s code is not in the site');
    const refused = await visitor.post('/site/click', { selector: '#x' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('PAGE_NOT_LOADED: The Gone page did not load (PAGE_CODE_MISSING)');
  });

  it('refuses a page the site does not have, in place', async () => {
    const { app } = await openBakery();
    const refused = await browser(app).post('/site/page', { page: 'Cellar' });
    expect(refused.status).toBe(404);
    expect(await refused.text()).toContain('<p class="field-error" role="alert">The site has no page Cellar.</p>');
  });
});

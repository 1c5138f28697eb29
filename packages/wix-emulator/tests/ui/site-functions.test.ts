import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { controlsFor, type Site } from '../../src';
import { createSiteFromRepo } from '../../src/site-repo';
import { LocalSite, ui, uiApp } from '../../src/ui';

/**
 * The backend view's generic actions on any site repo: every exported web method called as the browser's identity with
 * JSON arguments (the method's permission deciding, as on Wix), and every job of jobs.config run now, as Wix's
 * scheduler runs it. The answer, or the typed error, is shown beside the form with what was typed kept.
 */
const BAKERY = join(__dirname, '..', 'fixtures', 'site-repos', 'bakery');
const ORIGIN = 'http://127.0.0.1';

let site: Site | undefined;
afterEach(() => site?.events.settle());

async function openBakery() {
  const opened = createSiteFromRepo(BAKERY, { seed: 5, log: () => undefined });
  site = opened.site;
  const app = uiApp(await LocalSite.open({ site: opened.site, repo: opened.repo }));
  let cookie = '';
  const request = async (path: string, init: RequestInit = {}) => {
    const response = await app.request(`${ORIGIN}${ui(path)}`, { ...init, headers: { ...(init.headers as Record<string, string>), ...(cookie ? { Cookie: cookie } : {}) } });
    cookie = response.headers.get('Set-Cookie')?.split(';')[0] ?? cookie;
    return response;
  };
  const page = async (path = '/backend') => (await request(path)).text();
  const post = (path: string, fields: Record<string, string>) =>
    request(path, { method: 'POST', body: new URLSearchParams({ formToken: randomUUID(), return: '/backend', ...fields }), headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' } });
  return { site: opened.site, page, post };
}

describe('calling a web method from the backend view', () => {
  it('lists every exported function of the web modules with its permission: .web.js methods and .jsw functions', async () => {
    const { page } = await openBakery();
    const backend = await page();
    expect(backend).toContain('<code>openingHours</code> <span class="muted">of backend/hours.jsw · permissions.json decides · journal: jsw.openingHours</span>');
    expect(backend).toContain('<code>orderLoaf</code> <span class="muted">of backend/orders.web · Permissions.Anyone · journal: webMethod.orderLoaf</span>');
    expect(backend).toContain('<code>countOrders</code> <span class="muted">of backend/orders.web · Permissions.Admin · journal: webMethod.countOrders</span>');
  });

  it('calls it as the anonymous visitor with the JSON arguments, and shows the answer beside the form, the arguments kept', async () => {
    const { site: bakery, page, post } = await openBakery();
    expect((await post('/backend/call', { module: 'backend/orders.web', name: 'orderLoaf', args: '["rye"]' })).status).toBe(303);
    const [order] = controlsFor(bakery).inspect.collection('Orders');
    expect(order).toEqual(expect.objectContaining({ loaf: 'rye' }));
    const backend = await page();
    expect(backend).toMatch(/<p class="notice ok">orderLoaf answered \(as anonymous visitor [0-9a-f-]{36}\)\.<\/p>/);
    expect(backend).toContain(`<pre id="call-backend-orders-web-orderLoaf-answer">&quot;${String(order?._id)}&quot;</pre>`);
    expect(backend).toContain('name="args" rows="1">[&quot;rye&quot;]</textarea>');
    expect(bakery.journal.entries('webMethod.orderLoaf').map((e) => e.caller.kind)).toEqual(['visitor']);
  });

  it('shows the refusal of Permissions.Admin to a visitor with its status and code, and answers the owner', async () => {
    const { site: bakery, page, post } = await openBakery();
    await post('/backend/call', { module: 'backend/orders.web', name: 'countOrders', args: '[]' });
    const refused = await page();
    expect(refused).toContain('<p class="field-error" role="alert">countOrders failed');
    expect(refused).toContain('403 FORBIDDEN — Forbidden: the site visitor may not call countOrders (requires Admin)');
    expect(refused).toContain('The page gets: Error: Forbidden: the site visitor may not call countOrders (requires Admin)');
    expect(controlsFor(bakery).inspect.collection('Orders')).toEqual([]);

    await post('/session', { as: 'owner' });
    await post('/backend/call', { module: 'backend/orders.web', name: 'countOrders', args: '' });
    expect(await page()).toContain('<pre id="call-backend-orders-web-countOrders-answer">0</pre>');
  });

  it("shows what the method itself threw, as the page would get it", async () => {
    const { page, post } = await openBakery();
    await post('/backend/call', { module: 'backend/orders.web', name: 'orderLoaf', args: '[""]' });
    expect(await page()).toContain('The page gets: Error: Which loaf?');
  });

  it('calls a .jsw function under permissions.json', async () => {
    const { page, post } = await openBakery();
    await post('/backend/call', { module: 'backend/hours.jsw', name: 'openingHours', args: '[]' });
    expect(await page()).toContain('<pre id="call-backend-hours-jsw-openingHours-answer">&quot;Monday to Saturday, 7:00 to 13:00&quot;</pre>');
  });

  it('refuses arguments that are not a JSON array in place, with what was typed, calling nothing', async () => {
    const { site: bakery, post } = await openBakery();
    const notJson = await post('/backend/call', { module: 'backend/orders.web', name: 'orderLoaf', args: '["rye"' });
    expect(notJson.status).toBe(400);
    const html = await notJson.text();
    expect(html).toMatch(/<p class="field-error" role="alert">The arguments are not JSON: /);
    expect(html).toContain('name="args" rows="1">[&quot;rye&quot;</textarea>');
    const notArray = await post('/backend/call', { module: 'backend/orders.web', name: 'orderLoaf', args: '"rye"' });
    expect(await notArray.text()).toContain('The arguments are a JSON array, one value per parameter');
    expect((await post('/backend/call', { module: 'backend/orders.web', name: 'nothing', args: '[]' })).status).toBe(404);
    expect(bakery.journal.count('webMethod.orderLoaf')).toBe(0);
  });

  it('acts once for a call sent twice with one form token (a double click)', async () => {
    const { site: bakery, page, post } = await openBakery();
    const formToken = randomUUID();
    await Promise.all([1, 2].map(() => post('/backend/call', { formToken, module: 'backend/orders.web', name: 'orderLoaf', args: '["spelt"]' })));
    expect(controlsFor(bakery).inspect.collection('Orders')).toHaveLength(1);
    const backend = await page();
    expect(backend).toContain('(That form had been sent already: nothing was done twice.)');
    expect(backend).toContain('id="call-backend-orders-web-orderLoaf-answer"');
  });

  it('lets a fault target a web method before its first call', async () => {
    const { site: bakery, post } = await openBakery();
    expect((await post('/backend/faults', { operation: 'webMethod.countOrders', status: '503' })).status).toBe(303);
    expect(bakery.faults.list().map((f) => f.operation)).toEqual(['webMethod.countOrders']);
  });

  it("suggests each site function to the fault form under the journal's name for it", async () => {
    const { page } = await openBakery();
    const backend = await page();
    expect(backend).toContain('<option value="jsw.openingHours"></option>');
    expect(backend).toContain('<option value="webMethod.orderLoaf"></option>');
    expect(backend).not.toContain('<option value="webMethod.openingHours"></option>');
  });
});

describe('running a job from the backend view', () => {
  it('lists the jobs of jobs.config, and runs one now as the scheduler does, showing what it returned', async () => {
    const { site: bakery, page, post } = await openBakery();
    expect(await page()).toContain('<code>morningBake</code> <span class="muted">of /bake.js · cron 0 5 * * *</span>');
    expect((await post('/backend/run-job', { job: '/bake.js#morningBake' })).status).toBe(303);
    const backend = await page();
    expect(backend).toContain("Job morningBake (backend/bake) ran, as Wix&#39;s scheduler runs it.");
    expect(backend).toContain('<pre id="job-bake-js-morningBake-answer">{\n  &quot;baked&quot;: 1,\n  &quot;orders&quot;: 1\n}</pre>');
    expect(bakery.journal.entries('data.insert').map((e) => e.caller)).toEqual([{ kind: 'system', reason: 'job' }]);
  });

  it('refuses a job jobs.config does not have', async () => {
    const { post } = await openBakery();
    const refused = await post('/backend/run-job', { job: '/bake.js#eveningBake' });
    expect(refused.status).toBe(404);
    expect(await refused.text()).toContain('jobs.config has no job /bake.js#eveningBake.');
  });
});

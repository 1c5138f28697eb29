import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { controlsFor, type Site } from '../../src';
import { createSiteFromRepo } from '../../src/site-repo';
import { html, kept, LocalSite, postForm, ui, uiApp, UiRequestError, type UiPanel } from '../../src/ui';

/** A site's own tooling adds a panel to the backend view: the emulator runs its form like its own. */
const BAKERY = join(__dirname, '..', 'fixtures', 'site-repos', 'bakery');
const ORIGIN = 'http://127.0.0.1';

let site: Site | undefined;
afterEach(() => site?.events.settle());

/** A bakery tool: how many orders there are, and a form that adds one (refusing an empty loaf, as a site's form would). */
const ordersPanel: UiPanel = {
  id: 'orders',
  view: 'backend',
  render: (ctx) => html`<section id="orders"><h2>Orders (${controlsFor(ctx.local.site).inspect.collection('Orders').length})</h2>
${postForm(ctx, '/backend/orders', html`<input name="loaf" value="${kept(ctx, '/backend/orders', 'loaf')}"><button type="submit">Add</button>`)}</section>`,
  actions: [
    {
      path: '/backend/orders',
      act: async (form, _session, local) => {
        const loaf = form.optional('loaf').trim();
        if (loaf === '') throw new UiRequestError('INVALID_INPUT', 'Name the loaf.');
        return local.run(async () => {
          local.site.data.seedItems('Orders', [{ _id: `order-${loaf}`, loaf }]);
          return { tone: 'ok', text: `Added ${loaf}.` };
        });
      },
    },
  ],
};

async function openWithPanel() {
  const opened = createSiteFromRepo(BAKERY, { log: () => undefined });
  site = opened.site;
  const app = uiApp(await LocalSite.open({ site: opened.site, repo: opened.repo, panels: [ordersPanel] }));
  let cookie = '';
  const request = async (path: string, init: RequestInit = {}) => {
    const response = await app.request(`${ORIGIN}${ui(path)}`, { ...init, headers: { ...(init.headers as Record<string, string>), ...(cookie ? { Cookie: cookie } : {}) } });
    cookie = response.headers.get('Set-Cookie')?.split(';')[0] ?? cookie;
    return response;
  };
  const post = (path: string, fields: Record<string, string>) =>
    request(path, { method: 'POST', body: new URLSearchParams(fields), headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' } });
  return { site: opened.site, request, post };
}

describe("a site's panel in the local UI", () => {
  it('is rendered in the view it names', async () => {
    const { request } = await openWithPanel();
    expect(await (await request('/backend')).text()).toContain('<h2>Orders (0)</h2>');
  });

  it('acts once for a form sent twice (a double click), and says so the second time', async () => {
    const { site: bakery, request, post } = await openWithPanel();
    const formToken = randomUUID();
    await post('/backend/orders', { formToken, loaf: 'rye', return: '/backend' });
    await post('/backend/orders', { formToken, loaf: 'rye', return: '/backend' });
    expect(controlsFor(bakery).inspect.collection('Orders')).toHaveLength(1);
    expect(await (await request('/backend')).text()).toContain('Added rye. (That form had been sent already: nothing was done twice.)');
  });

  it('shows a refused input beside the form, with what was typed, in place', async () => {
    const { post } = await openWithPanel();
    const refused = await post('/backend/orders', { formToken: randomUUID(), loaf: '   ', return: '/backend' });
    expect(refused.status).toBe(400);
    const page = await refused.text();
    expect(page).toContain('<p class="field-error" role="alert">Name the loaf.</p>');
    expect(page).toContain('<input name="loaf" value="   ">');
  });

  it("may not take one of the emulator's own paths", async () => {
    const opened = createSiteFromRepo(BAKERY, { log: () => undefined });
    site = opened.site;
    const local = await LocalSite.open({ site: opened.site, repo: opened.repo, panels: [{ ...ordersPanel, actions: [{ path: '/state/reset', act: async () => ({ tone: 'ok', text: '' }) }] }] });
    expect(() => uiApp(local)).toThrow('Panel orders: action path /state/reset is taken or not a path.');
  });
});

import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { controlsFor, type Site } from '../../src';
import { createSiteFromRepo } from '../../src/site-repo';
import { callers } from '../../src/testing';
import { LocalSite, ui, uiApp } from '../../src/ui';

/**
 * A bakery's site repo, nothing to do with messaging: one collection and one page layout in its wix-emulator.json, one
 * event handler, one web module. The emulator runs all of it from the repo alone, as it runs any Wix site.
 */
const BAKERY = join(__dirname, '..', 'fixtures', 'site-repos', 'bakery');
const ORIGIN = 'http://127.0.0.1';

let site: Site | undefined;
afterEach(() => site?.events.settle());

function openBakery() {
  const opened = createSiteFromRepo(BAKERY, { seed: 11, log: () => undefined });
  site = opened.site;
  return opened;
}

/** One browser at the local UI: its cookie kept, each form posted once with a fresh token. */
function browser(local: LocalSite) {
  const app = uiApp(local);
  let cookie = '';
  const request = async (path: string, init: RequestInit = {}) => {
    const response = await app.request(`${ORIGIN}${ui(path)}`, { ...init, headers: { ...(init.headers as Record<string, string>), ...(cookie ? { Cookie: cookie } : {}) } });
    cookie = response.headers.get('Set-Cookie')?.split(';')[0] ?? cookie;
    return response;
  };
  const page = async (path: string) => (await request(path)).text();
  const post = (path: string, fields: Record<string, string>) =>
    request(path, { method: 'POST', body: new URLSearchParams({ formToken: randomUUID(), ...fields }), headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' } });
  return { page, post };
}

describe('a site repo that has nothing to do with Inbox', () => {
  it('gets the collection its wix-emulator.json declares, with the permissions given there', async () => {
    const { site: bakery } = openBakery();
    expect(bakery.exportState().data.collections.map(({ name, permissions }) => ({ name, permissions }))).toEqual([
      { name: 'Orders', permissions: { read: 'Admin', insert: 'Anyone', update: 'Admin', remove: 'Admin' } },
    ]);
  });

  it("runs its own event handler when Wix fires the event: a new contact's free roll", async () => {
    const { site: bakery } = openBakery();
    const controls = controlsFor(bakery);
    const { contactId } = await controls.act.submitForm(callers.visitor('v-ida'), { generation: 'wixFormsV2', formName: 'Newsletter', fields: { email: 'ida@example.com' } });
    await controls.settle();
    expect(controls.inspect.collection('Orders')).toEqual([expect.objectContaining({ loaf: 'free roll', contactId })]);
  });

  it('shows its page in the local UI as the wix-emulator.json lays it out, and runs its page code and web module', async () => {
    const { site: bakery, repo } = openBakery();
    const local = await LocalSite.open({ site: bakery, repo });
    const visitor = browser(local);
    const home = await visitor.page('/');
    expect(home).toContain('Order page');
    expect(home).toContain('Order a loaf: the page calls the orders web module.');

    await visitor.post('/site/input', { selector: '#loaf', value: 'sourdough' });
    expect((await visitor.post('/site/click', { selector: '#order' })).status).toBe(303);
    const [order] = controlsFor(bakery).inspect.collection('Orders');
    expect(order).toEqual(expect.objectContaining({ loaf: 'sourdough' }));
    expect(await visitor.page('/')).toContain(`Order ${String(order?._id)} is in the oven.`);
    expect(bakery.journal.count('webMethod.orderLoaf')).toBe(1);
  });

  it('keeps the declared collection after a reset from the UI, as the CMS would', async () => {
    const { site: bakery, repo } = openBakery();
    const owner = browser(await LocalSite.open({ site: bakery, repo }));
    await owner.post('/state/reset', { confirm: 'yes' });
    expect(bakery.exportState().data.collections.map((c) => c.name)).toEqual(['Orders']);
  });

  it("lets the owner reply in the Inbox as Wix's dashboard does: a message from the business, in the conversation", async () => {
    const { site: bakery, repo } = openBakery();
    const controls = controlsFor(bakery);
    controls.act.participantSendsMessage({ anonymousVisitorId: 'v-kai' }, 'Do you bake rye?');
    const [conversation] = controls.inspect.conversations();
    const owner = browser(await LocalSite.open({ site: bakery, repo }));
    await owner.post('/session', { as: 'owner' });

    await owner.post('/inbox/reply', { conversationId: conversation?.conversation._id ?? '', text: 'Every Friday.' });

    expect(await owner.page('/inbox')).toContain(`Replied in conversation ${conversation?.conversation._id} as the business, as from Wix&#39;s Inbox dashboard.`);
    const messages = controls.inspect.messages(conversation?.conversation._id ?? '');
    expect(messages.at(-1)?.message).toEqual(expect.objectContaining({ direction: 'BUSINESS_TO_PARTICIPANT', visibility: 'BUSINESS_AND_PARTICIPANT' }));
    expect(bakery.journal.count('inbox.sendMessage')).toBe(1);
  });
});

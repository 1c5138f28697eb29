import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type LocalUi, messageText } from 'wix-emulator/ui';
import { skipBrowserTests } from '../support/browser';
import { closeBuiltSiteUi, openBuiltSiteUi, type BuiltSiteUi } from '../support/built-site-ui';
import { captureLogs } from '../support/captured-logs';
import { act, openView, switchTo, watchProblems, type ViewName } from '../support/ui-pages';

/**
 * Working in the local UI as visitors and as the owner, in Chromium, on this project's build loaded as Wix loads a site repo: forms that act once, errors beside the form with
 * the input kept, progress while the server works, whose eyes each view shows, one page per visitor, the Inbox paged
 * and searched, and a phone-sized screen. One browser and one server for the file; each test starts from an empty
 * site, in a browser context (a visitor) of its own.
 */
const suite = skipBrowserTests ? describe.skip : describe;

suite('the local UI’s forms and views in a real browser', () => {
  let browser: Browser;
  let ui: LocalUi;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  let opened: BuiltSiteUi | undefined;

  beforeAll(async () => {
    // This project's build (what ships), once for the file, loaded as Wix loads a site repo.
    opened = await openBuiltSiteUi();
    ({ browser, ui } = opened);
  }, 30_000);
  afterAll(() => closeBuiltSiteUi(opened), 30_000);

  /** A new browser at the site (its own cookies: its own visitor), watched for problems. */
  async function newBrowser(viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
    const ctx = await browser.newContext({ viewport });
    const p = await ctx.newPage();
    p.setDefaultTimeout(10_000);
    watchProblems(ctx, p, ui.url, problems);
    return { context: ctx, page: p };
  }

  beforeEach(async () => {
    captureLogs();
    await ui.local.replaceState(() => ui.local.controls.reset(), 'A new site for the test.');
    problems.length = 0;
    ({ context, page } = await newBrowser());
  }, 30_000);
  afterEach(async () => {
    await context?.close();
  }, 30_000);

  /** Every message Inbox holds with this text, wherever it is. */
  const messagesSaying = (text: string) =>
    ui.local.controls.inspect.conversations().flatMap((c) => ui.local.controls.inspect.messages(c.conversation._id ?? '')).filter((m) => messageText(m.message.content) === text);

  async function ownerInbox(): Promise<void> {
    ui.local.controls.seed.member({ email: 'ada@example.com', firstName: 'Ada' });
    await ui.local.controls.settle();
    await page.goto(ui.uiUrl);
    await switchTo(page, 'owner');
    await openView(page, 'Inbox');
  }

  it('a double click on “Send as the owner” sends once, and a replayed POST of the same form does nothing twice', async () => {
    await ownerInbox();
    const form = page.getByRole('region', { name: 'Message someone by email' });
    await form.getByRole('textbox', { name: 'Email' }).fill('ada@example.com');
    await form.getByRole('textbox', { name: 'Message' }).fill('Once only');
    await form.getByRole('button', { name: 'Send as the owner' }).dblclick();
    await page.locator('#notice').getByText(/^sendToParticipant: sent/).waitFor();
    expect(messagesSaying('Once only')).toHaveLength(1);

    // The same form sent again by something other than this page (a resend, a script): one token, one action.
    const fields = {
      formToken: (await page.locator('form[action="/_ui/inbox/send"] input[name=formToken]').inputValue()),
      return: '/inbox',
      email: 'ada@example.com',
      text: 'Replayed',
    };
    const send = () => context.request.post(`${ui.url}/_ui/inbox/send`, { form: fields, headers: { Origin: ui.url }, maxRedirects: 0 });
    const answers = await Promise.all([send(), send(), send()]);
    expect(answers.map((a) => a.status())).toEqual([303, 303, 303]);
    expect(messagesSaying('Replayed')).toHaveLength(1);
    await page.reload();
    expect(await page.locator('#notice').innerText()).toContain('That form had been sent already: nothing was done twice.');
    expect(problems).toEqual([]);
  }, 60_000);

  it('shows progress while a long action runs: the form says it is working, with the seconds, and cannot be sent again', async () => {
    await ownerInbox();
    // The Inbox takes 2 s to answer the send, in real time (the site's own retries wait on the emulated clock, and Wix's
    // errors carry no Retry-After to wait for): the action takes that long for real.
    ui.local.controls.faults.interleave('inbox.sendMessage', () => new Promise((resolve) => setTimeout(resolve, 2_000)));
    const form = page.getByRole('region', { name: 'Message someone by email' });
    await form.getByRole('textbox', { name: 'Email' }).fill('ada@example.com');
    await form.getByRole('textbox', { name: 'Message' }).fill('Slow one');

    // While the answer is awaited the page cannot be queried (a navigation is pending): the page reports what it shows.
    const shown: string[] = [];
    page.on('console', (message) => {
      if (message.text().startsWith('progress: ')) shown.push(message.text().slice('progress: '.length));
    });
    // Page code as a string: this file is compiled without the DOM's types.
    await page.evaluate(`(() => {
      const sending = document.querySelector('form[action="/_ui/inbox/send"]');
      new MutationObserver(() => {
        const status = sending.querySelector('[role=status]');
        const button = sending.querySelector('button[type=submit]');
        if (status) console.log('progress: ' + status.textContent.trim() + ' | ' + (status.querySelector('progress')?.getAttribute('aria-label') ?? 'no bar') + ' | ' + (button.disabled ? 'disabled' : 'enabled'));
      }).observe(sending, { subtree: true, childList: true, characterData: true, attributes: true });
    })()`);
    const started = Date.now();
    expect(await act(page, form.getByRole('button', { name: 'Send as the owner' }))).toMatch(/^sendToParticipant: sent/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(shown).toContain('Sending (the site retries what Wix refuses for now)… 1 s | Working | disabled');
    expect(messagesSaying('Slow one')).toHaveLength(1);
    expect(problems).toEqual([]);
  }, 60_000);

  it('an invalid broadcast is refused beside its form on the Backend view, with what was typed kept', async () => {
    await ownerInbox();
    await openView(page, 'Backend');
    const form = page.locator('#broadcast-form');
    await form.getByLabel('Message', { exact: true }).fill('Doors open at 9');
    expect(await act(page, form.getByRole('button', { name: 'Broadcast' }))).toBe('INVALID_INPUT: Give a label or a list of emails (one of the two).');
    expect(await page.title()).toMatch(/^Backend ·/);
    expect(new URL(page.url()).pathname).toBe('/_ui/backend');
    const kept = page.locator('#broadcast-form');
    expect(await kept.getByRole('alert').innerText()).toBe('Give a label or a list of emails (one of the two).');
    expect(await kept.getByLabel('Message', { exact: true }).inputValue()).toBe('Doors open at 9');

    await kept.getByLabel('Or these emails').fill('ada@example.com');
    expect(await act(page, kept.getByRole('button', { name: 'Broadcast' }))).toMatch(/^sendToMany: broadcast ui-[0-9a-f-]{36} to 1 people: 1 sent/);
    expect(messagesSaying('Doors open at 9')).toHaveLength(1);
    expect(problems).toEqual([]);
  }, 60_000);

  it('each view says whose eyes it shows, and the Inbox is the owner’s: a visitor is offered the switch', async () => {
    await page.goto(ui.uiUrl);
    expect(await page.locator('#eyes').innerText()).toMatch(/^Seen as you: an anonymous visitor \([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\)\./);
    await openView(page, 'Inbox');
    expect(await page.locator('#eyes').innerText()).toMatch(/^The site owner's dashboard — you are an anonymous visitor/);
    expect(await page.getByRole('heading', { name: 'The Inbox is the site owner\'s' }).count()).toBe(1);
    expect(await page.locator('article.conversation').count()).toBe(0);
    expect(await act(page, page.getByRole('button', { name: 'Switch to the site owner' }))).toBe('You are the site owner.');
    expect(new URL(page.url()).pathname).toBe('/_ui/inbox');
    expect(await page.locator('#eyes').innerText()).toMatch(/^Seen as the site owner, in the dashboard/);
    await openView(page, 'Backend');
    expect(await page.locator('#eyes').innerText()).toContain("the site's own forms act as you (the site owner)");
    await openView(page, 'Journal');
    expect(await page.locator('#eyes').innerText()).toMatch(/^Seen by you as the developer/);
    await openView(page, 'Site');
    expect(await page.locator('#eyes').innerText()).toMatch(/^Seen as you: the site owner\./);
    expect(problems).toEqual([]);
  }, 60_000);

  it('each browser is its own visitor with its own page: a new visitor does not see the last one’s form status', async () => {
    await page.goto(ui.uiUrl);
    const form = page.locator('#el-contactFormV2');
    await form.getByLabel('Email').fill('ann@example.com');
    expect(await act(page, form.getByRole('button', { name: 'Submit' }))).toContain('Form submitted');
    expect(await page.locator('#el-formStatus').innerText()).toBe('Thanks! We sent a confirmation to your inbox.');

    const other = await newBrowser();
    await other.page.goto(ui.uiUrl);
    expect(await other.page.locator('[data-element="#formStatus"]').innerText()).toBe('#formStatus · Text · hidden');
    const visitorOf = (p: Page) => p.getByLabel('You are').locator('option[value=visitor]').innerText();
    expect(await visitorOf(other.page)).not.toBe(await visitorOf(page));
    await other.context.close();

    await page.reload();
    expect(await page.locator('#el-formStatus').innerText()).toBe('Thanks! We sent a confirmation to your inbox.');
    expect(problems).toEqual([]);
  }, 60_000);

  it('the Inbox pages through conversations ten at a time, each a few lines high, and finds them by participant or message text', async () => {
    for (let n = 1; n <= 25; n += 1) {
      for (const part of ['a', 'b', 'c']) ui.local.controls.act.participantSendsMessage({ anonymousVisitorId: `shopper-${n}` }, `Question number ${n}${part}`);
    }
    await ui.local.controls.settle();
    await page.goto(ui.uiUrl);
    await switchTo(page, 'owner');
    await openView(page, 'Inbox');
    const articles = page.locator('article.conversation');
    expect(await articles.count()).toBe(10);
    // Ten conversations of three messages take less than half the 4,772 px nine once took.
    expect(await page.evaluate<number>('document.documentElement.scrollHeight')).toBeLessThan(2_386);
    const pager = page.getByRole('navigation', { name: 'Conversation pages' });
    expect(await pager.innerText()).toContain('Page 1 of 3');
    await pager.getByRole('link', { name: 'Next →' }).click();
    await page.waitForURL(/page=2/);
    expect(await articles.count()).toBe(10);
    await page.getByRole('navigation', { name: 'Conversation pages' }).getByRole('link', { name: 'Next →' }).click();
    await page.waitForURL(/page=3/);
    expect(await articles.count()).toBe(5);

    const search = page.getByLabel('Search conversations (participant, email, message text)');
    await search.fill('Question number 12b');
    await search.press('Enter');
    await page.waitForURL(/q=Question/);
    expect(await articles.count()).toBe(1);
    expect(await articles.locator('h3').innerText()).toContain('anonymous visitor shopper-12');
    expect(await page.locator('#conversations-heading').innerText()).toContain('25 open, 0 merged into others; 1 match “question number 12b”');
    expect(problems).toEqual([]);
  }, 60_000);

  it('is usable 390 px wide: no view scrolls sideways, and the identity switch is whole and works', async () => {
    await context.close();
    ({ context, page } = await newBrowser({ width: 390, height: 844 }));
    await page.goto(ui.uiUrl);
    const views: ViewName[] = ['Site', 'Inbox', 'Backend', 'Journal', 'Data'];
    for (const view of views) {
      await openView(page, view);
      const width = await page.evaluate<number>('document.documentElement.scrollWidth');
      expect({ view, width }).toEqual({ view, width: 390 });
      const box = await page.getByRole('button', { name: 'Switch', exact: true }).boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    }
    expect(await switchTo(page, 'owner')).toBe('You are the site owner.');
    expect(problems).toEqual([]);
  }, 60_000);
});

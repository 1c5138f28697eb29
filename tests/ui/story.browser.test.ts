import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { serveLocalUi, type LocalUi } from 'wix-emulator/ui';
import { createSiteFromRepo } from 'wix-emulator/site-repo';
import { artifactsDir, launchChromium, skipBrowserTests } from '../support/browser';
import { builtSiteRepo } from '../support/built-repo';
import { captureLogs } from '../support/captured-logs';
import { act, openView } from '../support/ui-pages';
import { onBuiltRepo } from '../../scripts/workbench/local-site-options';

/**
 * The whole story, clicked through in Chromium: a visitor chats, submits the contact form, signs up and logs in; the
 * owner messages them by email. The Inbox then shows one member conversation holding the merged history. The site is
 * this project's BUILD (what ships), loaded by the emulator as Wix loads a site repo.
 * Screenshots go to artifacts/ui/; UPDATE_DOCS_SCREENSHOT=1 also refreshes the README's docs/local-ui-inbox.png.
 */
const suite = skipBrowserTests ? describe.skip : describe;

suite('the local UI in a real browser', () => {
  let browser: Browser;
  let context: BrowserContext;
  let ui: LocalUi;
  let page: Page;
  const problems: string[] = [];
  const shots = artifactsDir('ui');

  // Generous hook timeouts: launching Chromium and compiling the pages take seconds on a loaded CI machine.
  beforeAll(async () => {
    browser = await launchChromium();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  }, 30_000);

  beforeEach(async () => {
    captureLogs(); // the site's own log lines (event handlers) stay out of the test output
    const { site, repo, notCalled } = createSiteFromRepo(builtSiteRepo());
    ui = await serveLocalUi({ ...onBuiltRepo(site, repo), notCalled, port: 0 });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    problems.length = 0;
    // Nothing may leave the machine, and the pages must run clean (a CSP violation is a console error).
    context.on('request', (request) => {
      if (!request.url().startsWith(`${ui.url}/`)) problems.push(`request to ${request.url()}`);
    });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
  }, 30_000);
  afterEach(async () => {
    await context?.close();
    await ui?.close();
  }, 30_000);

  it('tells the whole story: one member conversation holds the merged history, with its merge chain', async () => {
    await page.goto(ui.uiUrl);
    expect(await page.getByLabel('You are').inputValue()).toBe('visitor');

    // 1. An anonymous visitor writes in the chat.
    await page.getByLabel('Write to the business').fill('Hi, anyone there?');
    expect(await act(page, page.getByRole('button', { name: 'Send' }))).toContain('Message sent to the business');
    expect(await page.locator('#chat-thread').innerText()).toContain('Hi, anyone there?');
    await page.screenshot({ path: join(shots, '1-visitor-chats.png'), fullPage: true });

    // 2. The visitor submits the contact form: the page code acknowledges through the web method.
    const form = page.locator('#el-contactFormV2');
    await form.getByLabel('First name').fill('Ada');
    await form.getByLabel('Email').fill('ada@example.com');
    await form.getByLabel('Message').fill('Do you ship to Oslo?');
    expect(await act(page, form.getByRole('button', { name: 'Submit' }))).toContain('Form submitted');
    expect(await page.locator('#el-formStatus').innerText()).toBe('Thanks! We sent a confirmation to your inbox.');
    const chat = await page.locator('#chat-thread').innerText();
    expect(chat).toContain('We got your message, Ada');
    expect(chat).not.toContain('Do you ship to Oslo?'); // the form record is business-only
    await page.screenshot({ path: join(shots, '2-contact-form.png'), fullPage: true });

    // 3. The visitor signs up, and is logged in at once (4), as on a Wix site that approves members automatically.
    const signUp = page.getByRole('form', { name: 'Sign up' });
    await signUp.getByLabel('First name').fill('Ada');
    await signUp.getByLabel('Email').fill('ada@example.com');
    expect(await act(page, signUp.getByRole('button', { name: 'Sign up' }))).toContain('Signed up and logged in as member');
    expect(await page.getByLabel('You are').locator('option:checked').innerText()).toBe('Member: Ada (ada@example.com)');
    expect(await page.locator('#chat-thread').innerText()).toMatch(/Welcome aboard, Ada![\s\S]*Welcome back, Ada/);
    await page.screenshot({ path: join(shots, '3-member-logged-in.png'), fullPage: true });

    // 5. The owner messages the same person by email, from the Inbox.
    await page.getByLabel('You are').selectOption('owner');
    expect(await act(page, page.getByRole('button', { name: 'Switch' }))).toContain('You are the site owner');
    await openView(page, 'Inbox');
    const byEmail = page.getByRole('region', { name: 'Message someone by email' });
    await byEmail.getByRole('textbox', { name: 'Email' }).fill('ADA@example.com');
    await byEmail.getByRole('textbox', { name: 'Message' }).fill('Yes, we ship to Oslo — 3 to 5 days.');
    expect(await act(page, byEmail.getByRole('button', { name: 'Send as the owner' }))).toMatch(/sendToParticipant: sent to conversation/);

    // One open conversation: the member's, holding everything, in order, with its chain visitor → contact → member.
    const conversations = page.locator('article.conversation');
    expect(await conversations.count()).toBe(1);
    const member = conversations.first();
    expect(await member.getAttribute('data-kind')).toBe('member');
    expect(await member.locator('h3').innerText()).toMatch(/^Member\s*member [0-9a-f-]{36} · Ada · ada@example\.com$/);
    const chain = member.getByRole('list', { name: 'Merge chain' }).getByRole('listitem');
    expect(await chain.allInnerTexts()).toEqual([
      expect.stringMatching(/^Visitor\s*[0-9a-f]{8} merged/),
      expect.stringMatching(/^Contact\s*[0-9a-f]{8} merged/),
      expect.stringMatching(/^Member\s*[0-9a-f]{8} \(this one\)$/),
    ]);
    // The list shows the newest message; the conversation's own page shows every message.
    expect(await member.getByRole('list', { name: 'Newest message' }).locator('.text').allInnerTexts()).toEqual(['Yes, we ship to Oslo — 3 to 5 days.']);
    await member.getByRole('link', { name: 'All 6 messages' }).click();
    await page.waitForURL(/conversation=/);
    const messages = member.getByRole('list', { name: 'Messages, oldest first' }).getByRole('listitem');
    const texts = await messages.locator('.text').allInnerTexts();
    // The form record (an event handler) and the page's acknowledgement race, as on Wix: either may come first.
    expect(texts).toEqual([
      'Hi, anyone there?',
      expect.any(String),
      expect.any(String),
      expect.stringContaining('Welcome aboard, Ada!'),
      expect.stringContaining('Welcome back, Ada'),
      'Yes, we ship to Oslo — 3 to 5 days.',
    ]);
    const formRecord = texts.findIndex((text) => /^message: Do you ship to Oslo\?$/im.test(text));
    const acknowledgement = texts.findIndex((text) => text.startsWith('We got your message, Ada'));
    expect([formRecord, acknowledgement].sort()).toEqual([1, 2]);
    // The form record is business-only; the first message came from the visitor, moved in by two merges.
    expect(await messages.nth(formRecord).innerText()).toContain('business only');
    expect(await messages.nth(acknowledgement).innerText()).toContain('visible to both');
    expect(await messages.nth(0).innerText()).toMatch(/participant → business[\s\S]*came from [0-9a-f]{8}/);
    const sequences = (await messages.evaluateAll((items) => items.map((item) => item.getAttribute('data-sequence')))).map(Number);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    await page.screenshot({ path: join(shots, '4-inbox.png'), fullPage: true });
    if (process.env.UPDATE_DOCS_SCREENSHOT === '1') copyFileSync(join(shots, '4-inbox.png'), join(__dirname, '..', '..', 'docs', 'local-ui-inbox.png'));

    // The journal holds the web method calls; the backend view's outbox, the intents, all sent.
    await openView(page, 'Journal');
    expect(await page.locator('#journal tr[data-operation="webMethod.sendToParticipant"]').count()).toBeGreaterThanOrEqual(2);
    await openView(page, 'Backend');
    const statuses = await page.locator('#outbox tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-status')));
    expect(statuses.length).toBeGreaterThanOrEqual(4);
    expect(new Set(statuses)).toEqual(new Set(['sent']));

    // The owner broadcasts to Ada: the broadcast is listed with its progress bar, all delivered.
    const broadcasts = page.getByRole('region', { name: 'Broadcasts' });
    await broadcasts.getByLabel('Or these emails').fill('ada@example.com');
    await broadcasts.getByLabel('Message', { exact: true }).fill('Doors open at 9');
    expect(await act(page, broadcasts.getByRole('button', { name: 'Broadcast' }))).toMatch(/^sendToMany: broadcast ui-[0-9a-f-]{36} to 1 people: 1 sent/);
    const progress = page.getByRole('progressbar', { name: /^Progress of broadcast ui-/ });
    expect(await progress.evaluate((bar) => [(bar as unknown as { value: number }).value, (bar as unknown as { max: number }).max])).toEqual([1, 1]);
    await page.screenshot({ path: join(shots, '5-backend.png'), fullPage: true });

    // Every field of every view has a label.
    for (const view of ['Site', 'Inbox', 'Backend', 'Journal', 'Data'] as const) {
      await openView(page, view);
      const unlabelled = await page
        .locator('input:not([type=hidden]), textarea, select')
        .evaluateAll((fields) => fields.filter((field) => (field as unknown as { labels: { length: number } | null }).labels?.length === 0).map((field) => field.id || field.outerHTML));
      expect({ view, unlabelled }).toEqual({ view, unlabelled: [] });
    }

    expect(problems).toEqual([]);
  }, 60_000);

  it('updates an open view as things happen: the owner’s reply appears in the member’s chat without a reload', async () => {
    await page.goto(ui.uiUrl);
    const signUp = page.getByRole('form', { name: 'Sign up' });
    await signUp.getByLabel('Email').fill('live@example.com');
    await act(page, signUp.getByRole('button', { name: 'Sign up' }));

    // The owner, in another browser (each browser is its own session).
    const ownerBrowser = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const inbox = await ownerBrowser.newPage();
    await inbox.goto(`${ui.uiUrl}/inbox`);
    await act(inbox, inbox.getByRole('button', { name: 'Switch to the site owner' }));
    const conversation = inbox.locator('article.conversation[data-kind="member"]');
    await conversation.getByLabel('Reply as the owner').fill('Seen live?');
    expect(await act(inbox, conversation.getByRole('button', { name: 'Reply' }))).toMatch(/sendToParticipant: sent/);

    // The first tab was not touched: its chat region refreshes itself.
    await page.locator('#chat-thread').getByText('Seen live?').waitFor({ timeout: 5_000 });

    // The owner starts a reply; meanwhile the member writes. The new message appears, the half-typed reply stays.
    await conversation.getByLabel('Reply as the owner').fill('Half a tho');
    await page.getByLabel('Write to the business').fill('Yes, seen!');
    await act(page, page.getByRole('button', { name: 'Send' }));
    await conversation.getByRole('list', { name: 'Newest message' }).getByText('Yes, seen!').waitFor({ timeout: 5_000 });
    expect(await conversation.getByLabel('Reply as the owner').inputValue()).toBe('Half a tho');
    await ownerBrowser.close();
    expect(problems).toEqual([]);
  }, 60_000);

  it('runs on one clock: a send queued behind a fault is delivered by the job once the fault is gone and the clock moved two hours', async () => {
    await page.goto(ui.uiUrl);
    const form = page.locator('#el-contactFormV2');
    await form.getByLabel('First name').fill('Kim');
    await form.getByLabel('Email').fill('kim@example.com');
    expect(await act(page, form.getByRole('button', { name: 'Submit' }))).toContain('Form submitted');
    await page.getByLabel('You are').selectOption('owner');
    await act(page, page.getByRole('button', { name: 'Switch' }));

    // Inbox refuses every send: the owner's message is queued in the outbox.
    await openView(page, 'Backend');
    await page.getByLabel('Operation').fill('inbox.sendMessage');
    await page.getByLabel('Times (empty: once, or always with a probability)').fill('1000');
    expect(await act(page, page.getByRole('button', { name: 'Add fault' }))).toContain('Fault added on inbox.sendMessage');
    await openView(page, 'Inbox');
    const byEmail = page.getByRole('region', { name: 'Message someone by email' });
    await byEmail.getByRole('textbox', { name: 'Email' }).fill('kim@example.com');
    await byEmail.getByRole('textbox', { name: 'Message' }).fill('Your order shipped.');
    expect(await act(page, byEmail.getByRole('button', { name: 'Send as the owner' }))).toMatch(/^sendToParticipant: queued/);
    expect(await page.locator('article.conversation').innerText()).not.toContain('Your order shipped.');

    // The fault goes; the job run right away finds nothing due yet: the retry is due later, on the site's clock.
    await openView(page, 'Backend');
    expect(await act(page, page.getByRole('button', { name: 'Remove the fault on inbox.sendMessage' }))).toContain('Fault removed');
    expect(await act(page, page.getByRole('button', { name: 'Run the outbox job now' }))).toContain('Outbox job: 0 intent(s) taken');

    // Two hours later by the emulator's clock (the one clock the site code reads), the job delivers it.
    await page.getByLabel('Advance the clock by (minutes)').fill('120');
    expect(await act(page, page.getByRole('button', { name: 'Advance' }))).toContain('Clock advanced to');
    expect(await act(page, page.getByRole('button', { name: 'Run the outbox job now' }))).toMatch(/Outbox job: [1-9]\d* intent\(s\) taken, 0 failed/);
    expect(await page.locator('#outbox tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-status')))).not.toContain('retrying');
    await openView(page, 'Inbox');
    expect(await page.locator('article.conversation').innerText()).toContain('Your order shipped.');
    expect(problems).toEqual([]);
  }, 60_000);

  it('shows what a participant typed as text, never as markup', async () => {
    await page.goto(ui.uiUrl);
    const hostile = '<img src=x onerror=alert(1)>';
    const form = page.locator('#el-contactFormV2');
    await form.getByLabel('First name').fill(hostile);
    await form.getByLabel('Email').fill('mallory@example.com');
    await form.getByLabel('Message').fill(`<script>alert(2)</script>`);
    await act(page, form.getByRole('button', { name: 'Submit' }));
    await page.getByLabel('You are').selectOption('owner');
    await act(page, page.getByRole('button', { name: 'Switch' }));
    await openView(page, 'Inbox');

    const heading = page.locator('article.conversation h3');
    expect(await heading.innerText()).toContain(`· ${hostile} · mallory@example.com`);
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.locator('main script').count()).toBe(0);
    await page.getByRole('link', { name: /^All \d+ messages$/ }).click();
    await page.waitForURL(/conversation=/);
    expect(await page.locator('article.conversation').innerText()).toContain('<script>alert(2)</script>');
    expect(problems).toEqual([]);
  }, 60_000);
});

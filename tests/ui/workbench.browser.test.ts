import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { OWNER_USER_ID, type LocalUi } from 'wix-emulator/ui';
import { skipBrowserTests } from '../support/browser';
import { closeBuiltSiteUi, openBuiltSiteUi, type BuiltSiteUi } from '../support/built-site-ui';
import { captureLogs } from '../support/captured-logs';
import { act, openView, switchTo, watchProblems } from '../support/ui-pages';

/**
 * The developer's tools in Chromium, on this project's build loaded as Wix loads a site repo: the data browser, the journal, faults checked against the emulator's
 * operations, the outbox's recipients, and the site's state (reset, export, import). One browser and one server for
 * the file; each test starts from an empty site, in a browser context (a visitor) of its own.
 */
const suite = skipBrowserTests ? describe.skip : describe;

suite('the local UI’s developer tools in a real browser', () => {
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

  beforeEach(async () => {
    captureLogs();
    await ui.local.replaceState(() => ui.local.controls.reset(), 'A new site for the test.');
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    problems.length = 0;
    watchProblems(context, page, ui.url, problems);
  }, 30_000);
  afterEach(async () => {
    await context?.close();
  }, 30_000);

  it('the data browser searches contacts, members and every collection, and an edited record is what the site then shows', async () => {
    ui.local.controls.seed.member({ email: 'ada@example.com', firstName: 'Ada' });
    ui.local.controls.seed.member({ email: 'bob@example.com', firstName: 'Bob' });
    ui.local.controls.seed.contact({ name: { first: 'Carol' }, emails: [{ email: 'carol@example.com' }] });
    await page.goto(`${ui.uiUrl}/data`);
    expect(await page.locator('#eyes').innerText()).toMatch(/^Seen by you as the developer/);

    const sources = page.getByRole('navigation', { name: 'Data sources' });
    // The sign-ups' welcome messages are in the backend's own collections.
    expect(await sources.getByRole('link').allInnerTexts()).toEqual(
      expect.arrayContaining(['Contacts (3)', 'Members (2)', expect.stringMatching(/^InboxOutbox \(\d+\)$/), expect.stringMatching(/^InboxDeliveries \(\d+\)$/)]),
    );
    await page.getByLabel('Search contacts (any field)').fill('carol');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/q=carol/);
    expect(await page.locator('#records tbody tr').count()).toBe(1);
    expect(await page.locator('#records h2').innerText()).toContain('1 of 3 match “carol”');

    // Ada's contact: a broken edit is refused beside the form, with what was typed kept; a good one is saved.
    await page.getByLabel('Search contacts (any field)').fill('ada@example.com');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('#records tbody tr').first().getByRole('link', { name: /^Edit / }).click();
    const json = page.getByLabel('The record as JSON');
    const original = await json.inputValue();
    await json.fill(`${original.replace('"first": "Ada"', '"first": "Adele"')} oops`);
    expect(await act(page, page.getByRole('button', { name: 'Save' }))).toMatch(/^Not JSON: /);
    expect(await page.getByRole('alert').innerText()).toMatch(/^Not JSON: /);
    expect(await json.inputValue()).toContain('"Adele"');
    await json.fill(original.replace('"first": "Ada"', '"first": "Adele"'));
    expect(await act(page, page.getByRole('button', { name: 'Save' }))).toMatch(/^Saved [0-9a-f-]{36} in contacts\.$/);

    // The member reads their name from that contact: the identity switch says Adele now.
    expect(await page.getByLabel('You are').locator('option').allInnerTexts()).toContain('Member: Adele (ada@example.com)');
    expect(problems).toEqual([]);
  }, 60_000);

  it('adds an item to a collection and removes it, as rows in the CMS; an item without an _id is refused in place', async () => {
    ui.local.controls.seed.collection('Notes', { read: 'Anyone' }, [{ _id: 'note-1', title: 'First' }]);
    await page.goto(`${ui.uiUrl}/data?source=collection:Notes`);
    expect(await page.locator('#records tbody tr').count()).toBe(1);

    await page.getByText('Add an item').click();
    const json = page.getByLabel('The new item as JSON, with its _id');
    await json.fill('{ "title": "No id" }');
    expect(await act(page, page.getByRole('button', { name: 'Add', exact: true }))).toBe('An item needs an _id (a non-empty string).');
    expect(await page.getByLabel('The new item as JSON, with its _id').inputValue()).toBe('{ "title": "No id" }');
    await page.getByLabel('The new item as JSON, with its _id').fill('{ "_id": "note-2", "title": "Second", "due": { "$date": "2026-03-01T10:00:00.000Z" } }');
    expect(await act(page, page.getByRole('button', { name: 'Add', exact: true }))).toBe('Added note-2 to collection:Notes.');
    const added = ui.local.controls.inspect.collection('Notes').find((item) => item._id === 'note-2');
    expect(added?.due).toEqual(new Date('2026-03-01T10:00:00.000Z'));

    expect(await act(page, page.getByRole('button', { name: 'Remove note-1' }))).toBe('Removed note-1 from collection:Notes.');
    expect(ui.local.controls.inspect.collection('Notes').map((item) => item._id)).toEqual(['note-2']);
    expect(await page.locator('#records tbody tr').allInnerTexts()).toEqual([expect.stringContaining('note-2')]);
    expect(problems).toEqual([]);
  }, 60_000);

  it('the journal filters by operation, caller and outcome, pages through calls, and opens each call’s request and answer', async () => {
    ui.local.controls.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1 });
    const owner = { kind: 'admin' as const, visitorId: 'v-owner', userId: OWNER_USER_ID };
    for (let n = 1; n <= 60; n += 1) {
      await ui.local.site.as(owner, () => ui.local.site.inbox.getOrCreateConversation({ anonymousVisitorId: `visitor-${n}` })).catch(() => undefined);
    }
    await page.goto(`${ui.uiUrl}/journal`);
    expect(await page.locator('#journal h2').innerText()).toBe('Calls (60 of 60)');
    expect(await page.locator('#journal tr[data-operation]').count()).toBe(50);
    await page.getByRole('navigation', { name: 'Journal pages' }).getByRole('link', { name: 'Next →' }).click();
    await page.waitForURL(/page=2/);
    expect(await page.locator('#journal tr[data-operation]').count()).toBe(10);

    await page.getByLabel('Outcome').selectOption('error');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/outcome=error/);
    const failed = page.locator('#journal tr[data-operation]');
    expect(await failed.count()).toBe(1);
    expect(await failed.innerText()).toMatch(new RegExp(`inbox\\.getOrCreateConversation\\s+admin:${OWNER_USER_ID}[\\s\\S]*error 503`));

    await page.getByLabel('Outcome').selectOption('');
    await page.getByLabel('Caller').selectOption(`admin:${OWNER_USER_ID}`);
    await page.getByLabel('Operation').selectOption('inbox.getOrCreateConversation');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/operation=inbox\.getOrCreateConversation/);
    expect(await page.locator('#journal h2').innerText()).toBe('Calls (60 of 60)');

    const newest = page.locator('#journal tbody').first();
    await newest.getByText(/^Request and answer of call \d+$/).click();
    expect(await newest.locator('.call').innerText()).toMatch(/Request[\s\S]*"anonymousVisitorId": "visitor-60"[\s\S]*Answer[\s\S]*"conversation"/);
    expect(problems).toEqual([]);
  }, 60_000);

  it('refuses a fault on an operation the emulator does not know, suggests the right one, and keeps what was typed', async () => {
    await page.goto(`${ui.uiUrl}/backend`);
    const form = page.locator('#fault-form');
    await form.getByLabel(/^Operation/).fill('inbox.sendMesage');
    await form.getByLabel('Times').fill('3');
    expect(await act(page, form.getByRole('button', { name: 'Add fault' }))).toBe('UNKNOWN_OPERATION: The emulator has no operation inbox.sendMesage. Did you mean inbox.sendMessage?');
    expect(await page.title()).toMatch(/^Backend ·/);
    expect(new URL(page.url()).pathname).toBe('/_ui/backend');
    const kept = page.locator('#fault-form');
    expect(await kept.getByRole('alert').innerText()).toContain('Did you mean inbox.sendMessage?');
    expect(await kept.getByLabel(/^Operation/).inputValue()).toBe('inbox.sendMesage');
    expect(await kept.getByLabel('Times').inputValue()).toBe('3');
    expect(ui.local.controls.faults.list()).toEqual([]);

    await kept.getByLabel(/^Operation/).fill('inbox.sendMessage');
    expect(await act(page, kept.getByRole('button', { name: 'Add fault' }))).toBe('Fault added on inbox.sendMessage.');
    expect(ui.local.controls.faults.list()).toEqual([expect.objectContaining({ operation: 'inbox.sendMessage', remaining: 3 })]);
    expect(problems).toEqual([]);
  }, 60_000);

  it('the outbox says whom each message is for: the email, or the member with their name', async () => {
    const ada = ui.local.controls.seed.member({ email: 'ada@example.com', firstName: 'Ada' });
    await ui.local.controls.settle();
    await page.goto(ui.uiUrl);
    await switchTo(page, 'owner');
    await openView(page, 'Inbox');
    await page.getByRole('textbox', { name: 'Email' }).fill('ada@example.com');
    await page.getByRole('textbox', { name: 'Message' }).fill('Hello');
    expect(await act(page, page.getByRole('button', { name: 'Send as the owner' }))).toMatch(/^sendToParticipant: sent/);
    await openView(page, 'Backend');
    const recipients = await page.locator('#outbox td.to').allInnerTexts();
    expect(recipients).toEqual(expect.arrayContaining(['email ada@example.com', `member ${ada._id} · Ada · ada@example.com`]));
    expect(problems).toEqual([]);
  }, 60_000);

  it('exports the site state, resets the site, and imports the export back', async () => {
    ui.local.controls.seed.member({ email: 'ada@example.com', firstName: 'Ada' });
    await ui.local.controls.settle();
    await page.goto(`${ui.uiUrl}/backend`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export the site state' }).click()]);
    const file = await download.path();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 1, members: { members: [expect.objectContaining({ loginEmail: 'ada@example.com' })] } });

    // A reset needs its box ticked (there is no undo); then the site is empty and this browser a new visitor.
    const reset = page.locator('#reset-form');
    await reset.getByLabel('Yes, empty the site').check();
    expect(await act(page, reset.getByRole('button', { name: 'Reset the site' }))).toMatch(/^The site was reset/);
    expect(ui.local.controls.inspect.members()).toEqual([]);
    await openView(page, 'Data');
    expect(await page.getByRole('navigation', { name: 'Data sources' }).getByRole('link', { name: /^Members/ }).innerText()).toBe('Members (0)');

    await openView(page, 'Backend');
    await page.getByLabel('Import a state file').setInputFiles(file);
    expect(await act(page, page.getByRole('button', { name: 'Import', exact: true }))).toMatch(/^State imported: 1 contact\(s\), 1 member\(s\)/);
    expect(ui.local.controls.inspect.members().map((m) => m.loginEmail)).toEqual(['ada@example.com']);

    // A file that is no saved state is refused in place; the site keeps its state.
    await page.getByLabel('Import a state file').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
    expect(await act(page, page.getByRole('button', { name: 'Import', exact: true }))).toContain('Not an exported site state');
    expect(ui.local.controls.inspect.members()).toHaveLength(1);
    expect(problems).toEqual([]);
  }, 60_000);
});

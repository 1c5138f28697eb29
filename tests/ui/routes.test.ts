import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type BrowserSession, LocalSite, localSiteApp, OWNER_USER_ID, type PageLayout, ui, uiApp } from 'wix-emulator/ui';
import { onSources } from '../../scripts/workbench/local-site-options';
import { createSiteWithCode } from '../../scripts/workbench/site-code';
import { API_KEY_USER_ID, type Site } from 'wix-emulator';
import { captureLogs } from '../support/captured-logs';
import { followSiteClock } from '../support/site-with-code';

/** The local UI's HTTP routes, without a browser: what each view shows and what each action does to the site. */

const ORIGIN = 'http://127.0.0.1';
const HOSTILE = '<img src=x onerror=alert(1)>';

let site: Site;
let local: LocalSite;
/** The UI alone or the whole local site: either answers `request` as Hono apps do. */
let app: { request: ReturnType<typeof localSiteApp>['request'] };
/** The browser's session cookie, as a browser keeps it: each test is one browser at the site. */
let cookie = '';

beforeEach(async () => {
  captureLogs();
  site = createSiteWithCode();
  local = await LocalSite.open(onSources(site));
  app = uiApp(local);
  cookie = '';
  await get('/');
}, 30_000);
afterEach(() => site.events.settle());

/** `path` is the UI's own (`/inbox`); requests go to it under the UI's prefix. */
const withCookie = (headers: Record<string, string>) => (cookie ? { ...headers, Cookie: cookie } : headers);
const keepCookie = (response: Response) => {
  const set = response.headers.get('Set-Cookie');
  if (set) cookie = set.split(';')[0] ?? '';
  return response;
};
const get = async (path: string, headers: Record<string, string> = {}) => keepCookie(await app.request(`${ORIGIN}${ui(path)}`, { headers: withCookie(headers) }));
/** Posts a form as the UI renders it: with a fresh form token unless the test gives one. */
const post = async (path: string, fields: Record<string, string>, headers: Record<string, string> = { Origin: ORIGIN }) =>
  keepCookie(await app.request(`${ORIGIN}${ui(path)}`, { method: 'POST', body: new URLSearchParams({ formToken: randomUUID(), ...fields }), headers: withCookie(headers) }));
/** This test's browser session (who it is, its page). */
const me = (): Promise<BrowserSession> => local.session(cookie.slice(cookie.indexOf('=') + 1));
const asOwner = () => act('/session', { as: 'owner' }, '/');
const text = async (path: string) => (await get(path)).text();

/** Posts an action, expects the redirect back to its view, and returns that view's notice. */
async function act(path: string, fields: Record<string, string>, back: string): Promise<string> {
  const response = await post(path, fields);
  expect(response.status).toBe(303);
  expect(response.headers.get('Location')).toBe(ui(back));
  const page = await text(back);
  return /<div role="status" aria-live="polite" id="notice">(?:<p class="notice (?:ok|error)">([\s\S]*?)<\/p>)?<\/div>/.exec(page)?.[1] ?? '';
}

describe('the views', () => {
  it('serve the site, the Inbox and the backend as HTML with landmarks, a labelled view switcher and the identity switch', async () => {
    for (const path of ['/', '/inbox', '/backend']) {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('Content-Type')).toMatch(/^text\/html/);
      const html = await response.text();
      expect(html).toContain('<main id="main">');
      expect(html).toContain('<nav aria-label="Views">');
      expect(html).toContain(`<a href="${ui(path)}" aria-current="page">`);
      expect(html).toContain('<label for="who">You are</label>');
    }
  });

  it('load nothing from elsewhere: a strict Content-Security-Policy, their own script and stylesheet only', async () => {
    const response = await get('/');
    expect(response.headers.get('Content-Security-Policy')).toContain("default-src 'self'; script-src 'self'");
    const html = await response.text();
    expect(html.match(/(?:src|href)="[^"]*"/g)?.filter((ref) => /https?:|\/\//.test(ref))).toEqual([]);
    expect((await get('/assets/live.js')).headers.get('Content-Type')).toMatch(/^text\/javascript/);
    expect((await get('/assets/ui.css')).headers.get('Content-Type')).toMatch(/^text\/css/);
  });

  it('render the contact page’s elements from the page runtime: its forms with labelled fields, its hidden status text', async () => {
    const html = await text('/');
    expect(html).toContain('<legend>Contact us — Wix Forms (new)</legend>');
    expect(html).toContain('<label for="contactFormV2-email">Email</label><input type="email" id="contactFormV2-email" name="field.email" value="" required>');
    expect(html).toContain('<p class="element-id">#formStatus · Text · hidden</p>');
    expect(html).not.toContain('id="el-formStatus"');
  });

  it('answers 404 with the site view for an unknown path', async () => {
    const response = await get('/nowhere');
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('Nothing at /_ui/nowhere.');
  });
});

describe('who may talk to it', () => {
  it('refuses a request naming another host (DNS rebinding)', async () => {
    const response = await app.request(`http://evil.example${ui('/')}`, {});
    expect(response.status).toBe(403);
  });

  it('refuses a form post from another site, or with no origin at all (CSRF)', async () => {
    expect((await post('/site/chat', { text: 'hi' }, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await post('/site/chat', { text: 'hi' }, {})).status).toBe(403);
    expect(site.inbox.listConversations()).toEqual([]);
  });

  it('accepts a same-origin post identified by Sec-Fetch-Site', async () => {
    expect((await post('/site/chat', { text: 'hi' }, { 'Sec-Fetch-Site': 'same-origin' })).status).toBe(303);
  });
});

describe('the site view', () => {
  it('a visitor chats: the message is in their conversation and in their chat thread', async () => {
    expect(await act('/site/chat', { text: 'Hi, anyone there?' }, '/')).toBe('Message sent to the business.');
    const [conversation] = site.inbox.listConversations();
    expect(conversation?.participantId).toEqual({ anonymousVisitorId: (await me()).visitorId });
    expect(await text('/')).toMatch(/<div id="chat-thread" data-live>[\s\S]*Hi, anyone there\?/);
  });

  it('submits the contact form through the page code: the page shows its acknowledgement', async () => {
    const notice = await act('/site/submit', { selector: '#contactFormV2', 'field.email': 'ann@example.com', 'field.first_name': 'Ann' }, '/');
    expect(notice).toMatch(/^Form submitted \(submission [0-9a-f-]{36}\)\.$/);
    expect(site.journal.entries('webMethod.sendToParticipant')).toEqual([expect.objectContaining({ caller: (await me()).caller, outcome: 'ok' })]);
    expect(await text('/')).toContain('<p id="el-formStatus" class="wix-text">Thanks! We sent a confirmation to your inbox.</p>');
  });

  it('after the form, the visitor’s chat is the contact’s conversation (Wix tied the session to the contact)', async () => {
    await act('/site/chat', { text: 'Before the form' }, '/');
    await act('/site/submit', { selector: '#contactForm', 'field.email': 'ann@example.com', 'field.first_name': 'Ann' }, '/');
    expect(local.participantOf(await me())).toEqual({ contactId: site.contacts.listContacts()[0]?._id });
    const chat = await text('/');
    expect(chat).toContain('Before the form');
    expect(chat).toContain('We got your message, Ann');
  });

  it('signing up logs the new member in, as Wix does with automatic approval; the master page’s onLogin greets them', async () => {
    expect(await act('/site/signup', { email: 'ann@example.com', firstName: 'Ann' }, '/')).toMatch(/^Signed up and logged in as member [0-9a-f-]{36}\.$/);
    const [member] = site.members.listMembers();
    const session = await me();
    expect(session.identity).toEqual({ kind: 'member', memberId: member?._id });
    expect(session.caller).toEqual({ kind: 'member', visitorId: session.visitorId, memberId: member?._id });
    const html = await text('/');
    expect(html).toContain(`<option value="member:${member?._id}" selected>Member: Ann (ann@example.com)</option>`);
    expect(html).toContain('Welcome back, Ann');
    await act('/session', { as: 'visitor' }, '/');
    expect(await act('/site/login', { email: 'ANN@example.com' }, '/')).toBe(`Logged in as member ${member?._id}.`);
  });

  it('says so beside the form when nobody has the login email, or the email is already a member’s, keeping what was typed', async () => {
    const unknown = await post('/site/login', { email: 'nobody@example.com' });
    expect(unknown.status).toBe(404);
    const page = await unknown.text();
    expect(page).toContain('<p class="field-error" role="alert">No member has this login email. Sign up first.</p>');
    expect(page).toContain('<input type="email" id="login-email" name="email" value="nobody@example.com" required>');
    await act('/site/signup', { email: 'ann@example.com' }, '/');
    await act('/session', { as: 'new-visitor' }, '/');
    const again = await post('/site/signup', { email: 'ann@example.com' });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('A member with this login email exists already: log in instead.');
  });

  it('refuses malformed actions with 400 or 404 and a code, changing nothing', async () => {
    const missing = await post('/site/submit', { 'field.email': 'x@example.com' });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('INVALID_INPUT: selector is required.');
    const unknown = await post('/site/submit', { selector: '#nope' });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('NOT_FOUND: No element #nope on this page.');
    const wrongType = await post('/site/submit', { selector: '#formStatus' });
    expect(wrongType.status).toBe(400);
    expect((await post('/site/chat', { text: '   ' })).status).toBe(400);
    expect((await post('/session', { as: 'root' })).status).toBe(400);
    expect(site.journal.entries()).toEqual([]);
  });

  it('a new anonymous visitor gets a visitor ID the site has not seen, and a chat of their own', async () => {
    await act('/site/chat', { text: 'first visitor' }, '/');
    const first = (await me()).visitorId;
    const session = await me();
    expect(await act('/session', { as: 'new-visitor' }, '/')).toBe(`You are a new anonymous visitor (${session.visitorId}), on a fresh page.`);
    expect(session.visitorId).not.toBe(first);
    expect(session.caller).toEqual({ kind: 'visitor', visitorId: session.visitorId });
    expect(await text('/')).not.toContain('first visitor');
  });

  it('the owner has no chat widget: chatting as the owner is refused', async () => {
    expect(await act('/session', { as: 'owner', return: '/inbox' }, '/inbox')).toBe('You are the site owner.');
    const response = await post('/site/chat', { text: 'hi' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('NOT_A_PARTICIPANT');
  });
});

describe('actions posted together', () => {
  it('run one after the other, in the order they came: a chat queued after a switch to the owner is refused', async () => {
    const responses = await Promise.all([
      post('/site/chat', { text: 'one' }),
      post('/session', { as: 'owner' }),
      post('/site/chat', { text: 'two' }),
    ]);
    expect(responses.map((r) => r.status)).toEqual([303, 303, 303]);
    expect((await me()).identity).toEqual({ kind: 'owner' });
    const [conversation] = site.inbox.listConversations();
    expect(site.inbox.messagesOf(conversation?.conversation._id ?? '').map((m) => m.message.content?.basic?.items?.[0]?.text)).toEqual(['one']);
    expect((await me()).take().notice).toEqual({ tone: 'error', text: 'The site owner answers in the Inbox, not in the chat widget.' });
  });

  it('two form submissions at once both reach Wix, each acknowledged once', async () => {
    const submit = (email: string) => post('/site/submit', { selector: '#contactFormV2', 'field.email': email });
    await Promise.all([submit('one@example.com'), submit('two@example.com')]);
    expect(site.journal.entries('forms.submit').map((e) => e.outcome)).toEqual(['ok', 'ok']);
    expect(site.journal.count('webMethod.sendToParticipant', 'ok')).toBe(2);
    expect(site.contacts.listContacts()).toHaveLength(2);
  });
});

describe('the Inbox view', () => {
  it('shows each open conversation with its type, merge chain (old → new) and messages in order', async () => {
    await act('/site/chat', { text: 'first' }, '/');
    await act('/site/submit', { selector: '#contactFormV2', 'field.email': 'ann@example.com', 'field.first_name': 'Ann' }, '/');
    await asOwner();
    const html = await text('/inbox');
    expect(html.match(/<article class="conversation"/g)).toHaveLength(1);
    expect(html).toContain('data-kind="contact"');
    expect(html).toContain('(1 open, 1 merged into others)');
    const chain = /<ol class="chain" aria-label="Merge chain">([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
    expect(chain.match(/<span class="badge[^"]*">(\w+)<\/span>/g)?.map((b) => b.replace(/<[^>]+>/g, ''))).toEqual(['Visitor', 'Contact']);
    // The list shows the newest message; the conversation's own page, all of them.
    expect(html.match(/data-sequence=/g)).toHaveLength(1);
    const id = /data-conversation="([^"]+)"/.exec(html)?.[1] ?? '';
    const whole = await text(`/inbox?conversation=${id}`);
    const sequences = [...whole.matchAll(/data-sequence="(\d+)"/g)].map((m) => Number(m[1]));
    expect(sequences.length).toBe(3);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
  });

  it('the owner messages by email through sendToParticipant, as an admin', async () => {
    await act('/site/signup', { email: 'ann@example.com', firstName: 'Ann' }, '/');
    await asOwner();
    const notice = await act('/inbox/send', { email: 'ANN@example.com', text: 'Hello Ann' }, '/inbox');
    expect(notice).toMatch(/^sendToParticipant: sent to conversation [0-9a-f-]{36}\.$/);
    const call = site.journal.entries('webMethod.sendToParticipant').find((e) => e.caller.kind === 'admin');
    expect(call).toMatchObject({ caller: { kind: 'admin', userId: OWNER_USER_ID }, args: [{ email: 'ANN@example.com' }, 'Hello Ann'] });
    expect(await text('/inbox')).toContain('<p class="text">Hello Ann</p>');
  });

  it('a reply to an anonymous visitor gets the site’s typed refusal, shown as the notice', async () => {
    await act('/site/chat', { text: 'hi' }, '/');
    const conversationId = site.inbox.listConversations()[0]?.conversation._id ?? '';
    await asOwner();
    expect(await act('/inbox/reply', { conversationId, text: 'Hello?' }, '/inbox')).toMatch(/^sendToParticipant: ANONYMOUS_VISITOR_NOT_ADDRESSABLE — /);
  });

  it('the participant writes back into their conversation; a merged or unknown conversation is refused', async () => {
    await act('/site/chat', { text: 'hi' }, '/');
    const visitorThread = site.inbox.listConversations()[0]?.conversation._id ?? '';
    await act('/site/submit', { selector: '#contactFormV2', 'field.email': 'ann@example.com' }, '/');
    const contactThread = site.inbox.listConversations().find((c) => !c.mergedInto)?.conversation._id ?? '';
    await asOwner();
    expect(await act('/inbox/participant', { conversationId: contactThread, text: 'me again' }, '/inbox')).toBe('The participant wrote to the business.');
    expect(site.inbox.messagesOf(contactThread).at(-1)?.message).toMatchObject({ direction: 'PARTICIPANT_TO_BUSINESS' });
    expect((await post('/inbox/participant', { conversationId: visitorThread, text: 'x' })).status).toBe(400);
    expect((await post('/inbox/participant', { conversationId: 'nope', text: 'x' })).status).toBe(404);
  });
});

describe('what a participant typed is shown as text, everywhere', () => {
  it('names, emails and messages are escaped in the Inbox, the identity switch and the chat', async () => {
    await act('/site/chat', { text: `${HOSTILE} <script>alert(2)</script>` }, '/');
    await act('/site/signup', { email: 'mallory@example.com', firstName: HOSTILE }, '/');
    await act('/site/submit', { selector: '#contactFormV2', 'field.email': 'eve@example.com', 'field.first_name': HOSTILE, 'field.message': HOSTILE }, '/');
    await asOwner();
    for (const path of ['/', '/inbox', '/backend', '/journal', '/data', '/data?source=members', '/data?source=contacts']) {
      const html = await text(path);
      expect(html).not.toContain('<img');
      expect(html).not.toContain('<script>alert');
    }
    expect(await text('/inbox')).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(await text('/')).toContain('Member: &lt;img src=x onerror=alert(1)&gt; (mallory@example.com)');
  });

  it('a notice carrying a participant’s input is escaped too', async () => {
    await act('/site/signup', { email: 'a@example.com' }, '/');
    await act('/session', { as: 'new-visitor' }, '/');
    const refused = await post('/site/signup', { email: 'a@example.com', firstName: HOSTILE });
    expect(refused.status).toBe(400);
    const page = await refused.text();
    expect(page).not.toContain('<img');
    expect(page).toContain('value="&lt;img src=x onerror=alert(1)&gt;"');
  });
});

describe('the backend view', () => {
  it('lists the journal with operation, caller, elevation, outcome and emulated latency, newest first', async () => {
    await act('/backend/latency', { ms: '25' }, '/backend');
    await act('/site/submit', { selector: '#contactFormV2', 'field.email': 'ann@example.com' }, '/');
    const html = await text('/journal');
    const rows = [...html.matchAll(/<tr data-operation="([^"]+)" data-outcome="(ok|error)">([\s\S]*?)<\/tr>/g)];
    expect(rows.length).toBe(site.journal.entries().length);
    expect(rows[0]?.[3]).toContain(`<td class="num">${site.journal.entries().at(-1)?.seq}</td>`);
    const formSubmit = rows.find((row) => row[1] === 'forms.submit')?.[3] ?? '';
    expect(formSubmit).toContain(`visitor:${(await me()).visitorId}`);
    expect(formSubmit).toContain('<td class="num">25 ms</td>');
  });

  it('lists the outbox intents with their status', async () => {
    await act('/site/submit', { selector: '#contactFormV2', 'field.email': 'ann@example.com' }, '/');
    const html = await text('/backend');
    const rows = [...html.matchAll(/<tr data-status="(\w+)">([\s\S]*?)<\/tr>/g)];
    expect(rows.map((row) => row[1])).toEqual(['sent', 'sent']);
    expect(rows.some((row) => row[2]?.includes('<td>form-received</td>'))).toBe(true);
  });

  it('tells an intent’s status from the delivery records, and says when the row’s cached status lags behind', async () => {
    await act('/site/signup', { email: 'ann@example.com', firstName: 'Ann' }, '/');
    await asOwner();
    await act('/inbox/send', { email: 'ann@example.com', text: 'Hello' }, '/inbox');
    const row = (html: string) => /<tr data-status="(\w+)"><td><code>auto:[^<]*<\/code><\/td><td>([^<]*(?:<span class="muted">[^<]*<\/span>)?)<\/td>/.exec(html);
    const outboxRows = site.data.inspectCollection('InboxOutbox').filter((r) => String(r._id).startsWith('auto:'));
    const cached = String(outboxRows[0]?.status);
    const before = row(await text('/backend'));
    expect(before?.[1]).toBe('sent');
    expect(before?.[2]).toBe(cached === 'sent' ? 'sent' : `sent <span class="muted">(row: ${cached})</span>`);
  });

  it('adds a fault that then fails the call, and removes it', async () => {
    expect(await act('/backend/faults', { operation: 'inbox.sendMessage', status: '503', times: '2', retryAfterSeconds: '1' }, '/backend')).toBe('Fault added on inbox.sendMessage.');
    expect(site.faults.list()).toEqual([expect.objectContaining({ operation: 'inbox.sendMessage', spec: { status: 503, times: 2, retryAfterSeconds: 1 }, remaining: 2 })]);
    const listed = await text('/backend');
    expect(listed).toContain('<td>status 503, Retry-After 1s</td><td class="num">2</td>');
    const id = String(site.faults.list()[0]?.id);
    expect(await act('/backend/faults/remove', { id }, '/backend')).toBe('Fault removed.');
    expect(site.faults.list()).toEqual([]);
    expect((await post('/backend/faults/remove', { id })).status).toBe(404);
  });

  it('an injected permanent failure shows in the owner’s notice, the journal and the outbox (the intent is dead)', async () => {
    await act('/site/signup', { email: 'ann@example.com', firstName: 'Ann' }, '/');
    await act('/backend/faults', { operation: 'inbox.sendMessage', status: '400', code: 'INVALID_ARGUMENT', times: '1' }, '/backend');
    await asOwner();
    const notice = await act('/inbox/send', { email: 'ann@example.com', text: 'Hello' }, '/inbox');
    expect(notice).toMatch(/^sendToParticipant: MESSAGE_INVALID — /);
    expect(await text('/journal')).toMatch(/<tr data-operation="inbox\.sendMessage" data-outcome="error">[\s\S]*?error 400 INVALID_ARGUMENT/);
    expect(await text('/backend')).toMatch(/<tr data-status="dead">/);
  });

  it('refuses a fault it cannot inject: a probability outside 0–1, a status that is no error', async () => {
    expect((await post('/backend/faults', { operation: '*', probability: '1.5' })).status).toBe(400);
    expect((await post('/backend/faults', { operation: '*', status: '200' })).status).toBe(400);
    expect((await post('/backend/faults', { operation: '', status: '503' })).status).toBe(400);
    expect(site.faults.list()).toEqual([]);
  });

  it('advances the emulated clock by whole minutes; refuses going back or past what a date can hold', async () => {
    const before = site.clock.nowMs();
    await act('/backend/clock', { minutes: '90' }, '/backend');
    expect(site.clock.nowMs() - before).toBe(90 * 60_000);
    expect((await post('/backend/clock', { minutes: '-5' })).status).toBe(400);
    // Past what a Date can hold: refused before the clock moves, so the site stays usable.
    expect((await post('/backend/clock', { minutes: '1e12' })).status).toBe(400);
    expect((await post('/backend/clock', { minutes: '1.5' })).status).toBe(400);
    expect(site.clock.nowMs() - before).toBe(90 * 60_000);
    expect((await post('/backend/latency', { ms: '-1' })).status).toBe(400);
    expect((await get('/backend')).status).toBe(200);
  });

  it('runs the hourly outbox job as Wix’s scheduler would (a system caller)', async () => {
    expect(await act('/backend/job', {}, '/backend')).toBe('Outbox job: 0 intent(s) taken, 0 failed.');
    expect(site.journal.entries('data.query')[0]?.caller).toEqual({ kind: 'system', reason: 'job' });
  });
});

describe('broadcasts in the backend view', () => {
  /** The broadcast form's own ID, as the backend view renders it. */
  const formBroadcastId = async () => /<input type="hidden" name="broadcastId" value="(ui-[0-9a-f-]{36})">/.exec(await text('/backend'))?.[1] ?? '';
  const rowOf = (html: string, id: string) => new RegExp(`<tr data-broadcast="${id}">([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '';
  const owner = { kind: 'admin' as const, visitorId: 'v-test', userId: 'test-owner' };

  async function twoMembers(): Promise<void> {
    await act('/site/signup', { email: 'ann@example.com', firstName: 'Ann' }, '/');
    await act('/session', { as: 'new-visitor' }, '/');
    await act('/site/signup', { email: 'bob@example.com', firstName: 'Bob' }, '/');
  }

  it('the owner broadcasts to a list of emails: it is listed with a progress bar and the counts broadcastStatus gives, and each person has it in the Inbox', async () => {
    await twoMembers();
    await act('/session', { as: 'owner', return: '/backend' }, '/backend');
    const broadcastId = await formBroadcastId();
    const notice = await act('/backend/broadcast', { broadcastId, emails: 'ann@example.com, bob@example.com\nnobody@example.com', text: 'Doors open at 9' }, '/backend');
    expect(notice).toMatch(new RegExp(`^sendToMany: broadcast ${broadcastId} to 2 people: 2 sent, 0 skipped, 0 dead, 0 left for the job\\. 1 recipient\\(s\\) reach nobody \\(\\w+\\)\\.$`));
    expect(site.journal.entries('webMethod.sendToMany')).toEqual([expect.objectContaining({ caller: expect.objectContaining({ kind: 'admin', userId: OWNER_USER_ID }), outcome: 'ok' })]);

    const web = await import('backend/inbox.web');
    const status = await site.as(owner, () => web.broadcastStatus(broadcastId));
    expect(status).toMatchObject({ ok: true, value: { sent: 2, total: 2, pending: 0 } });
    const row = rowOf(await text('/backend'), broadcastId);
    expect(row).toContain(`<progress max="2" value="2" aria-label="Progress of broadcast ${broadcastId}">2 of 2</progress>`);
    expect(row).toContain('2 sent, 0 skipped, 0 dead, 0 pending of 2');
    expect(row).toContain('<td>Doors open at 9</td>');

    const inbox = await text('/inbox');
    expect(inbox.match(/<p class="text">Doors open at 9<\/p>/g)).toHaveLength(2);
    for (const member of site.members.listMembers()) {
      const conversation = site.inbox.listConversations().find((c) => 'memberId' in c.participantId && c.participantId.memberId === member._id);
      expect(site.inbox.messagesOf(conversation?.conversation._id ?? '').filter((m) => m.message.content?.basic?.items?.[0]?.text === 'Doors open at 9')).toHaveLength(1);
    }
  });

  it('shows the counts while a broadcast is under way: an Inbox failing past the call budget leaves people pending (the job delivers them later)', async () => {
    await twoMembers();
    await act('/session', { as: 'owner', return: '/backend' }, '/backend');
    // Wix's errors carry no Retry-After: an Inbox that keeps failing, not one asking to wait, outlasts the budget. The
    // backoff waits on the site's clock, so the budget runs out in emulated time, not in the test's.
    followSiteClock(site);
    await act('/backend/faults', { operation: 'inbox.sendMessage', status: '503', times: '1000' }, '/backend');
    const broadcastId = await formBroadcastId();
    await act('/backend/broadcast', { broadcastId, emails: 'ann@example.com bob@example.com', text: 'Later' }, '/backend');
    const web = await import('backend/inbox.web');
    const during = await site.as(owner, () => web.broadcastStatus(broadcastId));
    expect(during).toMatchObject({ ok: true, value: { sent: 0, pending: 2, total: 2 } });
    expect(rowOf(await text('/backend'), broadcastId)).toContain('<progress max="2" value="0"');
    expect(rowOf(await text('/backend'), broadcastId)).toContain('0 sent, 0 skipped, 0 dead, 2 pending of 2');
  });

  it('says so in the row when broadcastStatus fails, instead of showing counts it does not have', async () => {
    await twoMembers();
    await act('/session', { as: 'owner', return: '/backend' }, '/backend');
    const broadcastId = await formBroadcastId();
    await act('/backend/broadcast', { broadcastId, emails: 'ann@example.com', text: 'Hi' }, '/backend');
    site.faults.inject('data.query', { status: 503, times: 1 });
    const row = rowOf(await text('/backend'), broadcastId);
    expect(row).toMatch(/<td class="error-text">[A-Z_]+ — /);
    expect(row).not.toContain('<progress');
  });

  it('a double submission of one form is one broadcast: nobody gets it twice', async () => {
    await twoMembers();
    await act('/session', { as: 'owner', return: '/backend' }, '/backend');
    const broadcastId = await formBroadcastId();
    const fields = { broadcastId, emails: 'ann@example.com,bob@example.com', text: 'Once' };
    await Promise.all([post('/backend/broadcast', fields), post('/backend/broadcast', fields)]);
    expect(site.inbox.listConversations().flatMap((c) => site.inbox.messagesOf(c.conversation._id ?? '')).filter((m) => m.message.content?.basic?.items?.[0]?.text === 'Once')).toHaveLength(2);
    expect((await text('/backend')).match(/<tr data-broadcast=/g)).toHaveLength(1);
  });

  it('what a participant typed shows as text in the message preview', async () => {
    await twoMembers();
    await act('/session', { as: 'owner', return: '/backend' }, '/backend');
    const broadcastId = await formBroadcastId();
    await act('/backend/broadcast', { broadcastId, emails: 'ann@example.com', text: HOSTILE }, '/backend');
    const html = await text('/backend');
    expect(html).not.toContain('<img');
    expect(rowOf(html, broadcastId)).toContain('<td>&lt;img src=x onerror=alert(1)&gt;</td>');
  });

  it('visitors and members get the web method’s refusal: nothing is written, nothing listed', async () => {
    await twoMembers();
    const fields = async () => ({ broadcastId: await formBroadcastId(), emails: 'ann@example.com', text: 'Not yours to send' });
    expect(await act('/backend/broadcast', await fields(), '/backend')).toMatch(/^sendToMany: PERMISSION_DENIED — /);
    await act('/site/login', { email: 'ann@example.com' }, '/');
    expect(await act('/backend/broadcast', await fields(), '/backend')).toMatch(/^sendToMany: PERMISSION_DENIED — /);
    expect(site.journal.count('webMethod.sendToMany', 'error')).toBe(0);
    expect(site.data.inspectCollection('InboxDeliveries').filter((r) => r.kind === 'broadcast')).toEqual([]);
    expect(await text('/backend')).toContain('No broadcasts yet.');
  });

  it('refuses a form without exactly one audience, without a message, or with a forged broadcast ID', async () => {
    await act('/session', { as: 'owner', return: '/backend' }, '/backend');
    const broadcastId = await formBroadcastId();
    expect((await post('/backend/broadcast', { broadcastId, text: 'x' })).status).toBe(400);
    expect((await post('/backend/broadcast', { broadcastId, label: 'custom.vip', emails: 'a@example.com', text: 'x' })).status).toBe(400);
    expect((await post('/backend/broadcast', { broadcastId, label: 'custom.vip', text: ' ' })).status).toBe(400);
    expect((await post('/backend/broadcast', { broadcastId: 'other', label: 'custom.vip', text: 'x' })).status).toBe(400);
    expect(site.journal.entries('webMethod.sendToMany')).toEqual([]);
  });

  it('rendering the view reads the counts without looking like a change to the live view', async () => {
    await twoMembers();
    await act('/session', { as: 'owner', return: '/backend' }, '/backend');
    await act('/backend/latency', { ms: '5' }, '/backend');
    await act('/backend/broadcast', { broadcastId: await formBroadcastId(), emails: 'ann@example.com', text: 'Hi' }, '/backend');
    await text('/backend');
    const version = await text('/version');
    const calls = site.journal.entries().length;
    await get('/backend', { 'X-Live': '1' });
    expect(site.journal.entries().length).toBeGreaterThan(calls);
    expect(await text('/version')).toBe(version);
  });
});

describe('live updates', () => {
  it('/version changes when the site changes, even by calls the UI did not make', async () => {
    const first = await text('/version');
    expect(await text('/version')).toBe(first);
    await site.as({ kind: 'admin', visitorId: 'v', userId: 'u' }, () => site.inbox.getOrCreateConversation({ anonymousVisitorId: 'v-elsewhere' }));
    expect(await text('/version')).not.toBe(first);
  });

  it('a live refresh (X-Live) leaves the action’s notice for the page the user sees next', async () => {
    await post('/site/chat', { text: 'hi' });
    expect(await (await get('/', { 'X-Live': '1' })).text()).not.toContain('class="notice');
    expect(await text('/')).toContain('<p class="notice ok">Message sent to the business.</p>');
    expect(await text('/')).not.toContain('class="notice');
  });
});

describe('served with the REST face', () => {
  beforeEach(() => {
    app = localSiteApp(local);
  });

  it('leads from / to the UI, and keeps Wix’s own paths for the REST face (also under /inbox)', async () => {
    const root = await app.request(`${ORIGIN}/`);
    expect(root.status).toBe(302);
    expect(root.headers.get('Location')).toBe('/_ui');
    const slashed = await app.request(`${ORIGIN}/_ui/`);
    expect(slashed.status).toBe(301);
    expect(slashed.headers.get('Location')).toBe('/_ui');
    expect((await get('/inbox')).status).toBe(200);
    const rest = await app.request(`${ORIGIN}/inbox/v2/conversations`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
    expect(rest.status).toBe(401); // the REST face's own answer: no API key
  });

  it('shows in its views what SDK clients do through the REST face', async () => {
    const created = await app.request(`${ORIGIN}/inbox/v2/conversations`, {
      method: 'POST',
      body: JSON.stringify({ participantId: { anonymousVisitorId: 'sdk-visitor' } }),
      headers: { 'Content-Type': 'application/json', Authorization: 'any-api-key' },
    });
    expect(created.status).toBe(200);
    expect(await text('/journal')).toContain(`<td>admin:${API_KEY_USER_ID}</td>`);
    await asOwner();
    expect(await text('/inbox')).toContain('anonymous visitor sdk-visitor');
  });

  it('answers the UI’s own misses under its prefix, and the REST face’s elsewhere', async () => {
    expect(await (await get('/nowhere')).text()).toContain('Nothing at /_ui/nowhere.');
    expect((await app.request(`${ORIGIN}/nowhere`)).headers.get('Content-Type')).toMatch(/json/);
  });
});

describe('other pages', () => {
  const counterPage: PageLayout = {
    title: 'Counter',
    modulePath: join(__dirname, 'fixtures', 'counter-page.js'),
    elements: {
      '#increment': { type: 'Button', label: 'Add one' },
      '#count': 'Text',
      '#name': 'TextInput',
      '#greeting': 'Text',
    },
  };

  it('render buttons and text inputs, and run their page handlers on click and input', async () => {
    local = await LocalSite.open({ ...onSources(site), page: counterPage, loaded: { master: true } });
    app = uiApp(local);
    expect(await text('/')).toContain('<button type="submit" id="el-increment">Add one</button>');
    await act('/site/click', { selector: '#increment' }, '/');
    expect(await text('/')).toContain('<p id="el-count" class="wix-text">Clicked 1 time(s)</p>');
    await act('/site/click', { selector: '#increment' }, '/');
    expect(await text('/')).toContain('<button type="submit" id="el-increment" disabled>Add one</button>');
    expect(await act('/site/click', { selector: '#increment' }, '/')).toBe('Cannot click #increment: the element is disabled.');
    await act('/site/input', { selector: '#name', value: HOSTILE }, '/');
    expect(await text('/')).toContain('<p id="el-greeting" class="wix-text">Hello, &lt;img src=x onerror=alert(1)&gt;</p>');
  });
});

describe('forms that act once', () => {
  it('a form token is acted on once: a replayed POST gets the first outcome, and nothing is done twice', async () => {
    const formToken = randomUUID();
    const answers = await Promise.all([1, 2, 3].map(() => post('/site/chat', { formToken, text: 'Only once' })));
    expect(answers.map((a) => a.status)).toEqual([303, 303, 303]);
    const [conversation] = site.inbox.listConversations();
    expect(site.inbox.messagesOf(conversation?.conversation._id ?? '')).toHaveLength(1);
    expect(await text('/')).toContain('Message sent to the business. (That form had been sent already: nothing was done twice.)');
  });

  it('a post without a form token is refused, and a refused token can be sent again once corrected', async () => {
    const bare = await app.request(`${ORIGIN}${ui('/site/chat')}`, { method: 'POST', body: new URLSearchParams({ text: 'hi' }), headers: withCookie({ Origin: ORIGIN }) });
    expect(bare.status).toBe(400);
    expect(await bare.text()).toContain('This form has no valid formToken');
    const formToken = randomUUID();
    expect((await post('/site/chat', { formToken, text: ' ' })).status).toBe(400);
    expect((await post('/site/chat', { formToken, text: 'Corrected' })).status).toBe(303);
    expect(site.inbox.listConversations()).toHaveLength(1);
  });

  it('a site failure comes back to the view it was sent from, with the typed input kept beside the form', async () => {
    await asOwner();
    const response = await post('/inbox/send', { email: 'nobody@example.com', text: 'Are you there?', return: '/inbox?q=x' });
    expect(response.headers.get('Location')).toBe(`${ui('/inbox')}?q=x`);
    const html = await text('/inbox?q=x');
    expect(html).toMatch(/<p class="field-error" role="alert">sendToParticipant: [A-Z_]+ — /);
    expect(html).toContain('value="nobody@example.com"');
    expect(html).toContain('>Are you there?</textarea>');
    expect(await text('/inbox')).not.toContain('field-error'); // shown once
  });
});

describe('the developer’s tools', () => {
  it('refuses a fault on an operation the emulator does not know, naming the closest', async () => {
    const response = await post('/backend/faults', { operation: 'inbox.sendMesage', status: '503' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('UNKNOWN_OPERATION: The emulator has no operation inbox.sendMesage. Did you mean inbox.sendMessage?');
    expect((await post('/backend/faults', { operation: 'webMethod.sendToParticipant' })).status).toBe(303);
    expect((await post('/backend/faults', { operation: 'webMethod.noSuchMethod' })).status).toBe(400);
    expect(site.faults.list().map((f) => f.operation)).toEqual(['webMethod.sendToParticipant']);
  });

  it('the journal filters by outcome and shows each call’s request and answer', async () => {
    site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1 });
    const owner = { kind: 'admin' as const, visitorId: 'v', userId: 'u' };
    await site.as(owner, () => site.inbox.getOrCreateConversation({ anonymousVisitorId: 'first' })).catch(() => undefined);
    await site.as(owner, () => site.inbox.getOrCreateConversation({ anonymousVisitorId: 'second' }));
    const errors = await text('/journal?outcome=error');
    expect(errors.match(/<tr data-operation=/g)).toHaveLength(1);
    expect(errors).toContain('&quot;anonymousVisitorId&quot;: &quot;first&quot;');
    expect(errors).toMatch(/<h3>Error<\/h3><pre>\{\s+&quot;message&quot;/);
    expect((await text('/journal?outcome=ok')).match(/<tr data-operation=/g)).toHaveLength(1);
  });

  it('saves an edited record, and refuses one whose _id changed, keeping the typed JSON', async () => {
    const contact = site.contacts.seedContact({ name: { first: 'Carol' }, emails: [{ email: 'carol@example.com' }] });
    const record = site.exportState().contacts.contacts[0] as unknown as Record<string, unknown>;
    const moved = JSON.stringify({ ...record, _id: 'another' });
    const refused = await post('/data/save', { source: 'contacts', id: contact._id ?? '', json: moved });
    expect(refused.status).toBe(303);
    expect(await text(`/data?source=contacts&edit=${contact._id ?? ''}`)).toContain(`The _id stays ${contact._id ?? ''}`);
    const renamed = JSON.stringify({ ...record, info: { ...(record.info as object), name: { first: 'Caroline' } } });
    expect(await act('/data/save', { source: 'contacts', id: contact._id ?? '', json: renamed }, '/data')).toBe(`Saved ${contact._id ?? ''} in contacts.`);
    expect(site.contacts.listContacts()[0]?.info?.name?.first).toBe('Caroline');
  });

  it('imports a state and resets the site; every browser is then a new visitor', async () => {
    await act('/site/signup', { email: 'ann@example.com' }, '/');
    const exported = await (await get('/state/export')).text();
    expect((await post('/state/reset', {})).status).toBe(400);
    expect(await act('/state/reset', { confirm: 'yes' }, '/backend')).toMatch(/^The site was reset/);
    expect(site.members.listMembers()).toEqual([]);
    expect((await me()).identity).toEqual({ kind: 'visitor' });
    const form = new FormData();
    form.set('formToken', randomUUID());
    form.set('state', new File([exported], 'state.json', { type: 'application/json' }));
    const imported = await app.request(`${ORIGIN}${ui('/state/import')}`, { method: 'POST', body: form, headers: withCookie({ Origin: ORIGIN }) });
    expect(imported.status).toBe(303);
    expect(site.members.listMembers().map((m) => m.loginEmail)).toEqual(['ann@example.com']);
  });
});

describe('the journal view with a journal that dropped old copies', () => {
  it('lists a call whose request and answer were not kept, and says so instead of showing them', async () => {
    await site.as({ kind: 'admin', visitorId: 'v', userId: 'u' }, () => site.inbox.getOrCreateConversation({ anonymousVisitorId: 'old' }));
    // What a bounded journal leaves of an old call: its summary, without the copies.
    const [entry] = site.journal.entries();
    const summary = { ...entry, args: undefined, result: undefined } as unknown as NonNullable<typeof entry>;
    jest.spyOn(site.journal, 'entries').mockReturnValue([summary]);
    const html = await text('/journal');
    expect(html).toContain('<tr data-operation="inbox.getOrCreateConversation" data-outcome="ok">');
    expect(html.match(/\(not kept: the journal keeps the full request and answer of recent calls only\)/g)).toHaveLength(2);
  });
});

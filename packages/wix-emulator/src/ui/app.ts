import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { LIVE_SCRIPT, STYLESHEET } from './assets';
import type { BrowserSession, Notice } from './browser-session';
import { parseSource } from './data-model';
import type { Draft } from './draft';
import { FORM_TOKEN } from './form-tokens';
import { LocalSite } from './local-site';
import { ui, UI_PREFIX } from './paths';
import { parseFault, parseIdentity, readForm, type Form } from './request-forms';
import { UiRequestError } from './ui-error';
import { backendEyes, backendPage } from './views/backend-view';
import { dataEyes, dataPage } from './views/data-view';
import { inboxEyes, inboxPage } from './views/inbox-view';
import { journalEyes, journalPage } from './views/journal-view';
import { layout, VIEW_PATHS, type Markup, type ViewContext, type ViewPath } from './views/layout';
import { siteEyes, siteView } from './views/site-view';
import { callWebMethod, runSiteJob } from './backend-actions';
import { CALL_ACTION, RUN_JOB_ACTION } from './views/site-functions-view';
import { addFault, addRecord, advanceClock, importSite, removeFault, removeRecord, resetSite, saveRecord, setLatency } from './workbench';

type Env = { Variables: { session: BrowserSession } };

/** The cookie naming this browser's session: each browser is its own visitor (identity, page, notices). */
const SESSION_COOKIE = 'velo_ui_session';

interface View {
  readonly title: string;
  readonly eyes: (ctx: ViewContext) => Markup;
  readonly body: (ctx: ViewContext) => Markup | Promise<Markup>;
}

const VIEWS: Record<ViewPath, View> = {
  '/': { title: 'Site', eyes: siteEyes, body: siteView },
  '/inbox': { title: 'Inbox', eyes: inboxEyes, body: inboxPage },
  '/backend': { title: 'Backend', eyes: backendEyes, body: backendPage },
  '/journal': { title: 'Journal', eyes: journalEyes, body: journalPage },
  '/data': { title: 'Data', eyes: dataEyes, body: dataPage },
};

/**
 * The local UI's routes, under `/_ui`: five views (GET), each action a plain form POST answered with 303 back to the
 * view it came from, the state export, the two static assets and `/version` for live updates. Works without
 * JavaScript; the script keeps views current and shows progress.
 *
 * Every form carries a one-time token (a replayed POST does nothing twice). A refused action re-renders its view in
 * place, with what was typed and the error beside the form; a site failure does the same after the redirect.
 *
 * Only for this machine: requests must name a local host (no DNS rebinding), POSTs must come from the UI's own pages
 * (CSRF: Origin or Sec-Fetch-Site), and the pages may load nothing from elsewhere (CSP).
 */
export function uiApp(local: LocalSite): Hono<Env> {
  const app = new Hono<Env>().basePath(UI_PREFIX);

  app.use('*', async (c, next) => {
    const host = new URL(c.req.url).hostname;
    if (!LOCAL_HOSTS.has(host)) return c.text('This local UI answers only on 127.0.0.1 or localhost.', 403);
    await next();
    c.header('Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
  });
  app.use('*', csrf());

  app.get('/version', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.text(local.version());
  });
  app.get('/assets/live.js', (c) => c.body(LIVE_SCRIPT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));
  // Browsers ask for it on their own; an empty answer keeps the console clean.
  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.get('/assets/ui.css', (c) => c.body(STYLESHEET, 200, { 'Content-Type': 'text/css; charset=utf-8' }));

  app.use('*', async (c, next) => {
    let id = getCookie(c, SESSION_COOKIE);
    if (!id || !FORM_TOKEN.test(id)) {
      id = LocalSite.newSessionId();
      setCookie(c, SESSION_COOKIE, id, { path: UI_PREFIX, httpOnly: true, sameSite: 'Strict' });
    }
    c.set('session', await local.session(id));
    await next();
  });

  for (const path of VIEW_PATHS) {
    app.get(path, async (c) => {
      const session = c.get('session');
      // A live refresh must not consume the notice (and kept input) meant for the page the user sees next.
      const { notice, draft } = c.req.header('X-Live') ? {} : session.take();
      c.header('Cache-Control', 'no-store');
      return render(c, { local, session, path, query: new URL(c.req.url).searchParams, ...(draft ? { draft } : {}) }, notice, 200);
    });
  }

  app.get('/state/export', (c) => {
    const stamp = local.controls.clock.now().toISOString().replace(/[:.]/g, '-');
    c.header('Content-Disposition', `attachment; filename="site-state-${stamp}.json"`);
    c.header('Cache-Control', 'no-store');
    return c.body(`${JSON.stringify(local.controls.exportState(), null, 2)}\n`, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });

  /** One action: its form's token is acted on once; a refusal re-renders the view it came from, input kept. */
  const action = (path: string, back: ViewPath, act: (form: Form, session: BrowserSession) => Promise<Notice>, key?: (form: Form) => string | undefined) =>
    app.post(path, async (c) => {
      const session = c.get('session');
      const form = await readForm(c);
      const { path: backPath, query } = returnTo(form.optional('return'), back);
      const draftOf = (error: string | undefined, answer?: string): Draft => ({
        action: path,
        ...(key?.(form) === undefined ? {} : { key: key(form) }),
        values: form.values(),
        ...(error === undefined ? {} : { error }),
        ...(answer === undefined ? {} : { answer }),
      });
      try {
        const { outcome, replayed } = await local.tokens.once(form.token(), () => act(form, session));
        const notice = replayed ? { ...outcome, text: `${outcome.text} (That form had been sent already: nothing was done twice.)` } : outcome;
        // The browser's session as it is now: a reset or an import gives every browser a new one.
        const current = await local.session(session.id);
        // An answer stays beside its form even for a replay (a double click lands on the second response).
        const error = notice.tone === 'error' && !replayed ? notice.text : undefined;
        current.remember(notice, error !== undefined || notice.answer !== undefined ? draftOf(error, notice.answer) : undefined);
        const search = query.toString();
        return c.redirect(`${ui(backPath)}${search ? `?${search}` : ''}`, 303);
      } catch (error) {
        if (!(error instanceof UiRequestError)) throw error;
        const notice: Notice = { tone: 'error', text: `${error.code}: ${error.message}` };
        return render(c, { local, session, path: backPath, query, draft: draftOf(error.message) }, notice, error.status);
      }
    });

  action('/session', '/', (form, session) => local.switchTo(session, parseIdentity(form.required('as'))));

  const selector = (form: Form) => form.optional('selector');
  action('/site/submit', '/', (form, session) => local.submitForm(session, form.required('selector'), form.prefixed('field.')), selector);
  action('/site/click', '/', (form, session) => local.click(session, form.required('selector')), selector);
  action('/site/input', '/', (form, session) => local.input(session, form.required('selector'), form.optional('value')), selector);
  action('/site/page', '/', (form, session) => local.goTo(session, form.required('page')));
  action('/site/chat', '/', (form, session) => local.chat(session, form.optional('text')));
  action('/site/signup', '/', (form, session) => local.signUp(session, { email: form.optional('email'), firstName: form.optional('firstName') }));
  action('/site/login', '/', (form, session) => local.logInByEmail(session, form.optional('email')));

  const conversation = (form: Form) => form.optional('conversationId');
  action('/inbox/reply', '/inbox', (form, session) => local.ownerReplies(session, form.required('conversationId'), form.optional('text')), conversation);
  action('/inbox/participant', '/inbox', (form, session) => local.participantWrites(session, form.required('conversationId'), form.optional('text')), conversation);

  action('/backend/faults', '/backend', (form) => addFault(local, form.required('operation'), parseFault(form)));
  action('/backend/faults/remove', '/backend', (form) => removeFault(local, form.integer('id', { min: 1 }) ?? 0), (form) => form.optional('id'));
  // Bounded, so a slip of the keyboard cannot push the site's clock past what a Date can hold.
  action('/backend/clock', '/backend', (form) => advanceClock(local, (form.integer('minutes', { min: 1, max: TEN_YEARS_IN_MINUTES }) ?? Number.NaN) * 60_000));
  action('/backend/latency', '/backend', (form) => setLatency(local, form.integer('ms', { min: 0, max: 3_600_000 }) ?? Number.NaN));

  const siteFunction = (form: Form) => `${form.optional('module')}#${form.optional('name')}`;
  action(CALL_ACTION, '/backend', (form, session) => callWebMethod(local, session, form.required('module'), form.required('name'), form.optional('args')), siteFunction);
  action(RUN_JOB_ACTION, '/backend', (form) => runSiteJob(local, form.required('job')), (form) => form.optional('job'));

  action('/state/reset', '/backend', (form) => {
    if (form.optional('confirm') !== 'yes') throw new UiRequestError('INVALID_INPUT', 'Tick “Yes, empty the site” to reset it.');
    return resetSite(local);
  });
  action('/state/import', '/backend', async (form) => importSite(local, await form.file('state')));
  const dataSource = (form: Form) => {
    const source = parseSource(form.required('source'));
    if (!source) throw new UiRequestError('NOT_FOUND', 'No such data source.');
    return source;
  };
  action('/data/save', '/data', (form) => saveRecord(local, dataSource(form), form.required('id'), form.required('json')), (form) => form.optional('id'));
  action('/data/add', '/data', (form) => addRecord(local, dataSource(form), form.required('json')));
  action('/data/remove', '/data', (form) => removeRecord(local, dataSource(form), form.required('id')), (form) => form.optional('id'));

  // The site's own panels: their actions behave as the emulator's (one token, one at a time, refusals in place).
  const taken = new Set(OWN_ACTIONS);
  for (const panel of local.panels) {
    for (const panelAction of panel.actions ?? []) {
      if (!panelAction.path.startsWith('/') || taken.has(panelAction.path)) throw new Error(`Panel ${panel.id}: action path ${panelAction.path} is taken or not a path.`);
      taken.add(panelAction.path);
      action(panelAction.path, panel.view === 'inbox' ? '/inbox' : '/backend', (form, session) => panelAction.act(form, session, local), panelAction.key);
    }
  }

  // Under the prefix, a miss is the UI's own (served beside other apps, their 404 answers the rest).
  app.all('/*', (c) => {
    if (c.req.path === `${UI_PREFIX}/`) return c.redirect(UI_PREFIX, 301);
    return render(c, { local, session: c.get('session'), path: '/', query: new URLSearchParams() }, { tone: 'error', text: `Nothing at ${c.req.path}.` }, 404, 'Not found');
  });
  app.onError(async (error, c) => {
    if (error instanceof HTTPException) return error.getResponse(); // the CSRF refusal (403)
    // A bug of the UI itself: said on the page and in the server's console, not swallowed.
    console.error(error);
    const session = c.get('session') ?? (await local.session(LocalSite.newSessionId()));
    return render(c, { local, session, path: '/', query: new URLSearchParams() }, { tone: 'error', text: `The local UI failed: ${error.message}` }, 500);
  });
  return app;
}

const TEN_YEARS_IN_MINUTES = 10 * 366 * 24 * 60;

/** The UI's own paths: a panel's action may take none of them. */
const OWN_ACTIONS = [
  ...VIEW_PATHS, '/version', '/assets/live.js', '/assets/ui.css', '/favicon.ico', '/state/export', '/session',
  '/site/submit', '/site/click', '/site/input', '/site/page', '/site/chat', '/site/signup', '/site/login', '/inbox/reply', '/inbox/participant',
  '/backend/faults', '/backend/faults/remove', '/backend/clock', '/backend/latency', CALL_ACTION, RUN_JOB_ACTION, '/state/reset', '/state/import',
  '/data/save', '/data/add', '/data/remove',
];
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

async function render(c: Context<Env>, ctx: ViewContext, notice: Notice | undefined, status: 200 | 400 | 403 | 404 | 500, title?: string): Promise<Response> {
  const view = VIEWS[ctx.path];
  const body = await view.body(ctx);
  return c.html(layout(ctx, title ?? view.title, notice, view.eyes(ctx), body), status);
}

/** The view a form came from (its `return` field: a view path and its query), or the action's own view. */
function returnTo(value: string, fallback: ViewPath): { path: ViewPath; query: URLSearchParams } {
  const [path = '', search = ''] = value.split('?', 2);
  const known = (VIEW_PATHS as readonly string[]).includes(path);
  return known ? { path: path as ViewPath, query: new URLSearchParams(search) } : { path: fallback, query: new URLSearchParams() };
}

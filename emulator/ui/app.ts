import { Hono, type Context } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import type { FaultSpec } from '../index';
import { LIVE_SCRIPT, STYLESHEET } from './assets';
import { UiRequestError, type BroadcastAudience, type IdentityRequest, type LocalSite, type Notice } from './local-site';
import { ui, UI_PREFIX } from './paths';
import { backendPage } from './views/backend-view';
import { inboxPage } from './views/inbox-view';
import { layout, type Markup, type ViewPath } from './views/layout';
import { siteView } from './views/site-view';

/**
 * The local UI's routes, under `/_ui`: three views (GET), each action a plain form POST answered with 303 back to its
 * view, the two static assets and `/version` for live updates. Works without JavaScript; the script only keeps views current.
 *
 * Only for this machine: requests must name a local host (no DNS rebinding), POSTs must come from the UI's own pages
 * (CSRF: Origin or Sec-Fetch-Site), and the pages may load nothing from elsewhere (CSP).
 */
export function uiApp(local: LocalSite): Hono {
  const app = new Hono().basePath(UI_PREFIX);

  app.use('*', async (c, next) => {
    const host = new URL(c.req.url).hostname;
    if (!LOCAL_HOSTS.has(host)) return c.text('This local UI answers only on 127.0.0.1 or localhost.', 403);
    await next();
    c.header('Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
  });
  app.use('*', csrf());

  const view = (path: ViewPath, title: string, body: (local: LocalSite) => Markup | Promise<Markup>) =>
    app.get(path, async (c) => {
      const content = await body(local);
      // A live refresh must not consume the notice meant for the page the user sees next.
      const notice = c.req.header('X-Live') ? undefined : local.takeNotice();
      c.header('Cache-Control', 'no-store');
      return c.html(layout(local, path, title, notice, content));
    });
  view('/', 'Site', siteView);
  view('/inbox', 'Inbox', inboxPage);
  view('/backend', 'Backend', backendPage);

  app.get('/version', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.text(local.version());
  });
  app.get('/assets/live.js', (c) => c.body(LIVE_SCRIPT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));
  // Browsers ask for it on their own; an empty answer keeps the console clean.
  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.get('/assets/ui.css', (c) => c.body(STYLESHEET, 200, { 'Content-Type': 'text/css; charset=utf-8' }));

  const action = (path: string, back: ViewPath | ((form: Form) => ViewPath), act: (form: Form) => Promise<Notice>) =>
    app.post(path, async (c) => {
      const form = await readForm(c);
      await act(form);
      return c.redirect(ui(typeof back === 'function' ? back(form) : back), 303);
    });

  action('/session', (form) => returnPath(form.optional('return')), (form) => local.switchTo(parseIdentity(form.required('as'))));

  action('/site/submit', '/', (form) => local.submitForm(form.required('selector'), form.prefixed('field.')));
  action('/site/click', '/', (form) => local.click(form.required('selector')));
  action('/site/input', '/', (form) => local.input(form.required('selector'), form.optional('value')));
  action('/site/chat', '/', (form) => local.chat(form.optional('text')));
  action('/site/signup', '/', (form) => local.signUp({ email: form.optional('email'), firstName: form.optional('firstName') }));
  action('/site/login', '/', (form) => local.logInByEmail(form.optional('email')));

  action('/inbox/send', '/inbox', (form) => local.ownerSends({ email: form.required('email') }, form.optional('text')));
  action('/inbox/reply', '/inbox', (form) => {
    const conversation = local.controls.inspect.conversations().find((c) => c.conversation._id === form.required('conversationId'));
    if (!conversation) throw new UiRequestError('NOT_FOUND', 'No such conversation.');
    // Addressed as the site's code addresses people: the web method decides what a visitor's ID can reach (nothing).
    return local.ownerSends({ ...conversation.participantId }, form.optional('text'));
  });
  action('/inbox/participant', '/inbox', (form) => local.participantWrites(form.required('conversationId'), form.optional('text')));

  action('/backend/faults', '/backend', (form) => local.addFault(form.required('operation'), parseFault(form)));
  action('/backend/faults/remove', '/backend', (form) => local.removeFault(form.integer('id', { min: 1 }) ?? 0));
  // Bounded, so a slip of the keyboard cannot push the site's clock past what a Date can hold.
  action('/backend/clock', '/backend', (form) => local.advanceClock((form.integer('minutes', { min: 1, max: TEN_YEARS_IN_MINUTES }) ?? Number.NaN) * 60_000));
  action('/backend/latency', '/backend', (form) => local.setLatency(form.integer('ms', { min: 0, max: 3_600_000 }) ?? Number.NaN));
  action('/backend/job', '/backend', () => local.runJob());
  action('/backend/broadcast', '/backend', (form) => local.broadcast(parseAudience(form), form.optional('text'), parseBroadcastId(form.required('broadcastId'))));

  // Under the prefix, a miss is the UI's own (served beside other apps, their 404 answers the rest).
  app.all('/*', (c) => {
    if (c.req.path === `${UI_PREFIX}/`) return c.redirect(UI_PREFIX, 301);
    return page(c, local, 404, { tone: 'error', text: `Nothing at ${c.req.path}.` });
  });
  app.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse(); // the CSRF refusal (403)
    if (error instanceof UiRequestError) return page(c, local, error.status, { tone: 'error', text: `${error.code}: ${error.message}` });
    // A bug of the UI itself: said on the page and in the server's console, not swallowed.
    console.error(error);
    return page(c, local, 500, { tone: 'error', text: `The local UI failed: ${error.message}` });
  });
  return app;
}

const TEN_YEARS_IN_MINUTES = 10 * 366 * 24 * 60;
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** An error answer, in the frame of the site view, so the user can carry on from it. */
function page(c: Context, local: LocalSite, status: 400 | 403 | 404 | 500, notice: Notice): Response | Promise<Response> {
  return c.html(layout(local, '/', status === 404 ? 'Not found' : 'Request refused', notice, siteView(local)), status);
}

interface Form {
  required(name: string): string;
  optional(name: string): string;
  number(name: string): number | undefined;
  integer(name: string, range: { min: number; max?: number }): number | undefined;
  /** Every field whose name starts with `prefix`, keyed by the rest of the name. */
  prefixed(prefix: string): Record<string, string>;
  checked(name: string): boolean;
}

async function readForm(c: Context): Promise<Form> {
  const body = await c.req.parseBody();
  const text = (name: string): string | undefined => {
    const value = body[name];
    return typeof value === 'string' ? value : undefined;
  };
  const form: Form = {
    required: (name) => {
      const value = text(name)?.trim();
      if (!value) throw new UiRequestError('INVALID_INPUT', `${name} is required.`);
      return value;
    },
    optional: (name) => text(name) ?? '',
    number: (name) => {
      const value = text(name)?.trim();
      if (!value) return undefined;
      const parsed = Number(value);
      if (!Number.isFinite(parsed)) throw new UiRequestError('INVALID_INPUT', `${name} must be a number.`);
      return parsed;
    },
    integer: (name, range) => {
      const value = form.number(name);
      if (value === undefined) return undefined;
      if (!Number.isInteger(value) || value < range.min || (range.max !== undefined && value > range.max)) {
        throw new UiRequestError('INVALID_INPUT', `${name} must be a whole number from ${range.min}${range.max === undefined ? '' : ` to ${range.max}`}.`);
      }
      return value;
    },
    prefixed: (prefix) =>
      Object.fromEntries(
        Object.entries(body).flatMap(([key, value]) => (key.startsWith(prefix) && typeof value === 'string' ? [[key.slice(prefix.length), value]] : [])),
      ),
    checked: (name) => text(name) === 'true',
  };
  return form;
}

function parseIdentity(value: string): IdentityRequest {
  if (value === 'visitor' || value === 'owner' || value === 'new-visitor') return { kind: value };
  if (value.startsWith('member:') && value.length > 'member:'.length) return { kind: 'member', memberId: value.slice('member:'.length) };
  throw new UiRequestError('INVALID_INPUT', 'as must be visitor, new-visitor, owner or member:<memberId>.');
}

function returnPath(value: string): ViewPath {
  return value === '/inbox' || value === '/backend' ? value : '/';
}

/** Either a label key or a list of emails (commas, spaces or lines between them), not both. */
function parseAudience(form: Form): BroadcastAudience {
  const label = form.optional('label').trim();
  const emails = form.optional('emails').split(/[\s,;]+/).filter((e) => e !== '');
  if ((label === '') === (emails.length === 0)) throw new UiRequestError('INVALID_INPUT', 'Give a label or a list of emails (one of the two).');
  return label === '' ? { emails } : { label };
}

/** The form's own broadcast ID (written when the page was rendered), so that a double submission is one broadcast. */
function parseBroadcastId(value: string): string {
  if (!/^ui-[0-9a-f-]{36}$/.test(value)) throw new UiRequestError('INVALID_INPUT', 'broadcastId is the one the form was rendered with.');
  return value;
}

function parseFault(form: Form): FaultSpec {
  const probability = form.number('probability');
  if (probability !== undefined && (probability < 0 || probability > 1)) throw new UiRequestError('INVALID_INPUT', 'probability must be between 0 and 1.');
  const status = form.integer('status', { min: 400, max: 599 });
  const times = form.integer('times', { min: 1 });
  const retryAfterSeconds = form.integer('retryAfterSeconds', { min: 0 });
  const code = form.optional('code').trim();
  return {
    ...(status === undefined ? {} : { status }),
    ...(code === '' ? {} : { code }),
    ...(times === undefined ? {} : { times }),
    ...(probability === undefined ? {} : { probability }),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    ...(form.checked('responseLost') ? { responseLost: true } : {}),
  };
}

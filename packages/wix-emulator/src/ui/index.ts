/**
 * The local UI: the emulated site in a browser — the site's pages as its page code runs them, the Inbox as the owner
 * sees it, and what the backend called. `npm start` serves it, with the REST face, after the story; tests drive it
 * with Playwright.
 */
import type { Hono } from 'hono';
import { restApp, serveRest, type RestAppOptions, type RunningServer } from '../index';
import { uiApp } from './app';
import { LocalSite, type LocalSiteOptions } from './local-site';
import { ui } from './paths';

export { uiApp } from './app';
export { describeFailure, LocalSite, OWNER_USER_ID, UiRequestError } from './local-site';
export type { Identity, IdentityRequest, LocalSiteOptions, Notice } from './local-site';
export { BrowserSession } from './browser-session';
export { UI_PREFIX, ui } from './paths';
export { messageText, participantNames } from './inbox-model';
export type { FormField, PageLayout } from '../pages/page-layout';
export { PageLoadError } from './site-pages';
export type { OpenPage, PageLoadErrorCode, SitePage } from './site-pages';
export type { OwnerReply, PanelAction, UiPanel } from './panels';
export type { Form } from './request-forms';
/** The kit a panel renders with: escaped markup, forms that act once and keep what was typed, pages of a list. */
export { html } from 'hono/html';
export { answered, kept, paginate, postForm, searchForm } from './views/form-kit';
export type { PostFormOptions } from './views/form-kit';
export { memberName, shortTime, whoYouAre } from './views/layout';
export type { Markup, ViewContext, ViewPath } from './views/layout';

/**
 * One app for the whole local site: the emulator's REST face (Wix's paths and the `/_emulator` controls) with the UI
 * mounted beside it under `/_ui`, and `/` leading to the UI. SDK clients and the browser then see the same site.
 */
export function localSiteApp(local: LocalSite, options: RestAppOptions = {}): Hono {
  const app = restApp(local.site, options);
  app.get('/', (c) => c.redirect(ui('/'), 302));
  app.route('/', uiApp(local));
  return app;
}

export interface LocalUi extends RunningServer {
  /** The UI's address: `http://127.0.0.1:<port>/_ui/` (the REST face is at `url`). */
  readonly uiUrl: string;
  readonly local: LocalSite;
}

/** Opens the site for one person at the browser and serves it, UI and REST face, on 127.0.0.1:`port` (0: any free). */
export async function serveLocalUi(options: LocalSiteOptions & { readonly port?: number; readonly rest?: RestAppOptions }): Promise<LocalUi> {
  const local = await LocalSite.open(options);
  const server = await serveRest(localSiteApp(local, options.rest ?? { afterReset: local.afterReset }), { port: options.port ?? 0 });
  return { url: server.url, port: server.port, close: () => server.close(), uiUrl: `${server.url}${ui('/')}`, local };
}

import { html } from 'hono/html';
import { ui } from '../paths';
import type { BrowserSession, Notice } from '../browser-session';
import type { Draft } from '../draft';
import type { LocalSite } from '../local-site';

/** What `html\`…\`` produces: escaped markup (interpolated values are escaped unless they are markup themselves). */
export type Markup = ReturnType<typeof html>;

export type ViewPath = '/' | '/inbox' | '/backend' | '/journal' | '/data';

export const VIEW_PATHS: readonly ViewPath[] = ['/', '/inbox', '/backend', '/journal', '/data'];

const VIEWS: readonly { path: ViewPath; name: string }[] = [
  { path: '/', name: 'Site' },
  { path: '/inbox', name: 'Inbox' },
  { path: '/backend', name: 'Backend' },
  { path: '/journal', name: 'Journal' },
  { path: '/data', name: 'Data' },
];

/** Everything a view renders from: the site, the browser looking at it, its kept input, and the view's own URL. */
export interface ViewContext {
  readonly local: LocalSite;
  readonly session: BrowserSession;
  readonly path: ViewPath;
  readonly query: URLSearchParams;
  readonly draft?: Draft;
}

/** The site's own panels for a view (ui/panels.ts), in the order the site gave them. */
export async function panelsOf(ctx: ViewContext, view: 'inbox' | 'backend'): Promise<Markup> {
  const shown = await Promise.all(ctx.local.panels.filter((panel) => panel.view === view).map((panel) => panel.render(ctx)));
  return html`${shown}`;
}

/** The view's own address with its query (filters, page): where its forms lead back to. */
export function here(ctx: ViewContext): string {
  const query = ctx.query.toString();
  return query === '' ? ctx.path : `${ctx.path}?${query}`;
}

/** The frame of every view: landmarks, the view switcher, the identity switch, whose eyes it shows, the notice. */
export function layout(ctx: ViewContext, title: string, notice: Notice | undefined, eyes: Markup, body: Markup): Markup {
  const { local } = ctx;
  return html`<!doctype html>
<html lang="en" data-version="${local.version()}" data-version-url="${ui('/version')}" data-here="${ui(here(ctx))}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · local Wix site</title>
<link rel="stylesheet" href="${ui('/assets/ui.css')}">
<link rel="icon" href="${ui('/favicon.ico')}">
<script src="${ui('/assets/live.js')}" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
<p class="brand">Local Wix site · wix-emulator</p>
<nav aria-label="Views"><ul>${VIEWS.map(
    (v) => html`<li><a href="${ui(v.path)}"${v.path === ctx.path ? html` aria-current="page"` : ''}>${v.name}</a></li>`,
  )}</ul></nav>
${identitySwitch(ctx)}
</header>
<main id="main">
<h1>${title}</h1>
<p class="eyes" id="eyes">${eyes}</p>
<div role="status" aria-live="polite" id="notice">${notice ? html`<p class="notice ${notice.tone}">${notice.text}</p>` : ''}</div>
${body}
</main>
</body>
</html>`;
}

function identitySwitch(ctx: ViewContext): Markup {
  const { local, session } = ctx;
  const current = session.identity;
  const selected = (value: string) => {
    const now = current.kind === 'member' ? `member:${current.memberId}` : current.kind;
    return value === now ? html` selected` : '';
  };
  const members = local.controls.inspect.members();
  return html`<form class="who" method="post" action="${ui('/session')}">
<input type="hidden" name="formToken" value="${globalThis.crypto.randomUUID()}">
<input type="hidden" name="return" value="${here(ctx)}">
<label for="who">You are</label>
<select id="who" name="as">
<option value="visitor"${selected('visitor')}>Anonymous visitor (${session.visitorId})</option>
${members.map((m) => html`<option value="member:${m._id ?? ''}"${selected(`member:${m._id ?? ''}`)}>Member: ${memberName(m)}</option>`)}
<option value="owner"${selected('owner')}>Site owner</option>
<option value="new-visitor">A new anonymous visitor</option>
</select>
<button type="submit">Switch</button>
</form>`;
}

/** Who this browser is, in words: "an anonymous visitor (3f2a…)", "member Ada (ada@example.com)", "the site owner". */
export function whoYouAre(ctx: ViewContext): string {
  const identity = ctx.session.identity;
  if (identity.kind === 'owner') return 'the site owner';
  if (identity.kind === 'visitor') return `an anonymous visitor (${ctx.session.visitorId})`;
  const member = ctx.local.controls.inspect.members().find((m) => m._id === identity.memberId);
  return `member ${member ? memberName(member) : identity.memberId}`;
}

export function memberName(member: { loginEmail?: string | null; contactDetails?: { firstName?: string | null } | null }): string {
  const first = member.contactDetails?.firstName;
  return first ? `${first} (${member.loginEmail ?? ''})` : (member.loginEmail ?? '');
}

/** A timestamp as the views print it: the emulated clock's ISO time, without the date's noise. */
export function shortTime(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}

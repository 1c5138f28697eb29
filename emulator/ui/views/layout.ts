import { html } from 'hono/html';
import { ui } from '../paths';
import type { LocalSite, Notice } from '../local-site';

/** What `html\`…\`` produces: escaped markup (interpolated values are escaped unless they are markup themselves). */
export type Markup = ReturnType<typeof html>;

export type ViewPath = '/' | '/inbox' | '/backend';

const VIEWS: readonly { path: ViewPath; name: string }[] = [
  { path: '/', name: 'Site' },
  { path: '/inbox', name: 'Inbox' },
  { path: '/backend', name: 'Backend' },
];

/** The frame of every view: landmarks, the view switcher, the identity switch and the last action's notice. */
export function layout(local: LocalSite, view: ViewPath, title: string, notice: Notice | undefined, body: Markup): Markup {
  return html`<!doctype html>
<html lang="en" data-version="${local.version()}" data-version-url="${ui('/version')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · velo-inbox local site</title>
<link rel="stylesheet" href="${ui('/assets/ui.css')}">
<link rel="icon" href="${ui('/favicon.ico')}">
<script src="${ui('/assets/live.js')}" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
<p class="brand">velo-inbox · local Wix site</p>
<nav aria-label="Views"><ul>${VIEWS.map(
    (v) => html`<li><a href="${ui(v.path)}"${v.path === view ? html` aria-current="page"` : ''}>${v.name}</a></li>`,
  )}</ul></nav>
${identitySwitch(local, view)}
</header>
<main id="main">
<h1>${title}</h1>
<div role="status" aria-live="polite" id="notice">${notice ? html`<p class="notice ${notice.tone}">${notice.text}</p>` : ''}</div>
${body}
</main>
</body>
</html>`;
}

function identitySwitch(local: LocalSite, view: ViewPath): Markup {
  const current = local.identity;
  const selected = (value: string) => {
    const now = current.kind === 'member' ? `member:${current.memberId}` : current.kind;
    return value === now ? html` selected` : '';
  };
  const members = local.controls.inspect.members();
  return html`<form class="who" method="post" action="${ui('/session')}">
<input type="hidden" name="return" value="${view}">
<label for="who">You are</label>
<select id="who" name="as">
<option value="visitor"${selected('visitor')}>Anonymous visitor (${local.visitorId})</option>
${members.map((m) => html`<option value="member:${m._id ?? ''}"${selected(`member:${m._id ?? ''}`)}>Member: ${memberName(m)}</option>`)}
<option value="owner"${selected('owner')}>Site owner</option>
<option value="new-visitor">A new anonymous visitor</option>
</select>
<button type="submit">Switch</button>
</form>`;
}

export function memberName(member: { loginEmail?: string | null; contactDetails?: { firstName?: string | null } | null }): string {
  const first = member.contactDetails?.firstName;
  return first ? `${first} (${member.loginEmail ?? ''})` : (member.loginEmail ?? '');
}

/** A timestamp as the views print it: the emulated clock's ISO time, without the date's noise. */
export function shortTime(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}

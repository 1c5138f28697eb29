import { html } from 'hono/html';
import { ui } from '../paths';
import type { ElementView } from '../../pages/element-host';
import { messageText, ownThread } from '../inbox-model';
import type { FormField } from '../../pages/page-layout';
import { kept, postForm } from './form-kit';
import { shortTime, whoYouAre, type Markup, type ViewContext } from './layout';

/**
 * The site as this browser's visitor sees it: the page's `$w` elements in their current state (the real page code
 * ran them, for this browser only), the chat widget with the person's own thread, and the members area.
 */
export function siteView(ctx: ViewContext): Markup {
  const { page } = ctx.session.open;
  const { layout } = page;
  return html`${pageSwitch(ctx)}
<p class="muted">${layout.caption ?? ''}</p>
<div class="columns">
<section aria-labelledby="page-heading" id="page">
<h2 id="page-heading">${page.key} page <span class="muted">(${layout.modulePath})</span></h2>
${pageBody(ctx)}
</section>
<div>
${chat(ctx)}
${membersArea(ctx)}
</div>
</div>`;
}

/** The page's elements as its code left them, or — when its code did not load — the typed reason, in their place. */
function pageBody(ctx: ViewContext): Markup {
  const open = ctx.session.open;
  if ('failed' in open) {
    return html`<div class="page-failed" id="page-failed" role="alert"><p><strong>${open.failed.code}</strong></p><p>${open.failed.message}</p></div>`;
  }
  const { layout, declared } = open.page;
  const selectors = Object.keys(layout.elements);
  if (selectors.length === 0) {
    const why = declared ? 'The page declares no elements.' : "No elements declared: add the page's elements under \"pages\" in the site's wix-emulator.json to see and use them.";
    return html`<p class="muted">${why} Its code ran.</p>`;
  }
  return html`${selectors.map((selector) => element(ctx, open.loaded.element(selector), layout.elements[selector], layout.formFields?.[selector] ?? []))}`;
}

/** The pages of the site, for this browser to go to (each browser is on a page of its own). */
function pageSwitch(ctx: ViewContext): Markup {
  const { pages } = ctx.local;
  const current = ctx.session.open.page.key;
  return postForm(ctx, '/site/page', html`<label for="page-choice">Site page</label>
<select id="page-choice" name="page">${pages.map(
    (p) => html`<option value="${p.key}"${p.key === current ? html` selected` : ''}>${p.key}${p.declared ? '' : ' (no elements declared)'} · ${p.layout.modulePath}</option>`,
  )}</select>
<button type="submit">Open page</button>`, { attributes: html` class="page-switch" id="page-switch"`, busy: 'Loading the page: its code runs…' });
}

/** Whose eyes the site view shows: this browser's visitor, and only theirs. */
export function siteEyes(ctx: ViewContext): Markup {
  return html`Seen as you: ${whoYouAre(ctx)}. Each browser is its own visitor, with its own page.`;
}

/** One `$w` element, rendered from its state. A hidden or collapsed element shows only its name, as a visitor sees nothing. */
function element(ctx: ViewContext, view: ElementView, spec: unknown, fields: readonly FormField[]): Markup {
  const state = view.hidden ? 'hidden' : view.collapsed ? 'collapsed' : '';
  const label = html`<p class="element-id">#${view.id} · ${view.type}${state ? ` · ${state}` : ''}</p>`;
  if (state) return html`<div class="element" data-element="#${view.id}">${label}</div>`;
  return html`<div class="element" data-element="#${view.id}">${label}${body(ctx, view, spec, fields)}</div>`;
}

function body(ctx: ViewContext, view: ElementView, spec: unknown, fields: readonly FormField[]): Markup {
  const selector = `#${view.id}`;
  switch (view.type) {
    case 'Text':
      // `.text`, never `.html`: what page code shows may carry what a participant typed.
      return html`<p id="el-${view.id}" class="wix-text">${view.text ?? ''}</p>`;
    case 'Button':
      return postForm(ctx, '/site/click', html`<input type="hidden" name="selector" value="${selector}">
<button type="submit" id="el-${view.id}"${view.enabled === false ? html` disabled` : ''}>${view.label || view.id}</button>`, { key: selector });
    case 'TextInput':
      return postForm(ctx, '/site/input', html`<input type="hidden" name="selector" value="${selector}">
<label for="el-${view.id}">${view.id}</label>
<input type="text" id="el-${view.id}" name="value" value="${kept(ctx, '/site/input', 'value', selector) || (view.value ?? '')}"${view.enabled === false ? html` disabled` : ''}>
<button type="submit">Enter</button>`, { key: selector });
    case 'WixForms':
    case 'WixFormsV2': {
      const formName = (spec as { formName?: string } | undefined)?.formName ?? view.id;
      const generation = view.type === 'WixFormsV2' ? 'Wix Forms (new)' : 'Wix Forms (old)';
      return postForm(ctx, '/site/submit', html`<input type="hidden" name="selector" value="${selector}">
<fieldset><legend>${formName} — ${generation}</legend>
${fields.map((field) => formField(ctx, view.id, selector, field))}
<button type="submit">Submit</button>
</fieldset>`, { key: selector, attributes: html` id="el-${view.id}"`, busy: 'Submitting: Wix Forms, then the page code…' });
    }
  }
}

function formField(ctx: ViewContext, formId: string, selector: string, field: FormField): Markup {
  const id = `${formId}-${field.name}`;
  const required = field.required ? html` required` : '';
  const value = kept(ctx, '/site/submit', `field.${field.name}`, selector);
  const input =
    field.input === 'textarea'
      ? html`<textarea id="${id}" name="field.${field.name}"${required}>${value}</textarea>`
      : html`<input type="${field.input}" id="${id}" name="field.${field.name}" value="${value}"${required}>`;
  return html`<label for="${id}">${field.label}</label>${input}`;
}

/** The chat widget: the person's own conversation, as they see it (no business-only messages). */
function chat(ctx: ViewContext): Markup {
  const { local, session } = ctx;
  if (session.identity.kind === 'owner') {
    return html`<section aria-labelledby="chat-heading"><h2 id="chat-heading">Chat</h2>
<p class="muted">The owner answers in the <a href="${ui('/inbox')}">Inbox</a>.</p></section>`;
  }
  const thread = ownThread(local.controls, local.participantOf(session));
  const visible = thread
    ? local.controls.inspect.messages(thread.conversation._id ?? '').filter((m) => m.message.visibility === 'BUSINESS_AND_PARTICIPANT')
    : [];
  return html`<section aria-labelledby="chat-heading">
<h2 id="chat-heading">Chat</h2>
<div id="chat-thread" data-live>
${visible.length === 0
    ? html`<p class="muted">No messages yet.</p>`
    : html`<ol class="messages" aria-label="Your conversation">${visible.map(
        (m) => html`<li class="${m.message.direction === 'PARTICIPANT_TO_BUSINESS' ? 'to-business' : 'to-participant'}">
<span class="muted">${m.message.direction === 'PARTICIPANT_TO_BUSINESS' ? 'You' : 'The business'} · ${shortTime(String(m.message._createdDate instanceof Date ? m.message._createdDate.toISOString() : (m.message._createdDate ?? '')))}</span>
<p class="text">${messageText(m.message.content)}</p></li>`,
      )}</ol>`}
</div>
${postForm(ctx, '/site/chat', html`<label for="chat-text">Write to the business</label>
<textarea id="chat-text" name="text" required>${kept(ctx, '/site/chat', 'text')}</textarea>
<button type="submit">Send</button>`, { busy: 'Sending…' })}
</section>`;
}

function membersArea(ctx: ViewContext): Markup {
  if (ctx.session.identity.kind === 'member') {
    return html`<section aria-labelledby="members-heading"><h2 id="members-heading">Members</h2>
<p>You are logged in as ${whoYouAre(ctx)}.</p>
${postForm(ctx, '/session', html`<input type="hidden" name="as" value="visitor"><button type="submit">Log out</button>`, { key: 'log-out' })}</section>`;
  }
  return html`<section aria-labelledby="members-heading">
<h2 id="members-heading">Members</h2>
${postForm(ctx, '/site/signup', html`<h3 id="signup-heading">Sign up</h3>
<label for="signup-first">First name</label><input type="text" id="signup-first" name="firstName" value="${kept(ctx, '/site/signup', 'firstName')}">
<label for="signup-email">Email</label><input type="email" id="signup-email" name="email" value="${kept(ctx, '/site/signup', 'email')}" required>
<button type="submit">Sign up</button>`, { attributes: html` aria-labelledby="signup-heading"`, busy: 'Signing up and logging in…' })}
${postForm(ctx, '/site/login', html`<h3 id="login-heading">Log in</h3>
<label for="login-email">Email</label><input type="email" id="login-email" name="email" value="${kept(ctx, '/site/login', 'email')}" required>
<button type="submit">Log in</button>`, { attributes: html` aria-labelledby="login-heading"`, busy: 'Logging in…' })}
</section>`;
}

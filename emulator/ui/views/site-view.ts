import { html } from 'hono/html';
import { ui } from '../paths';
import type { ElementView } from '../../pages/element-host';
import { messageText, ownThread } from '../inbox-model';
import type { LocalSite } from '../local-site';
import type { FormField } from '../site-layout';
import { memberName, shortTime, type Markup } from './layout';

/**
 * The site as the visitor sees it: the page's `$w` elements in their current state (the real page code ran them),
 * the chat widget with the person's own thread, and the members area (sign up, log in).
 */
export function siteView(local: LocalSite): Markup {
  const { layout, page } = local;
  return html`<p class="muted">${layout.caption ?? ''} You are ${whoYouAre(local)}.</p>
<div class="columns">
<section aria-labelledby="page-heading">
<h2 id="page-heading">${layout.title} page <span class="muted">(${layout.modulePath})</span></h2>
${Object.keys(layout.elements).map((selector) => element(page.element(selector), layout.elements[selector], layout.formFields?.[selector] ?? []))}
</section>
<div>
${chat(local)}
${membersArea(local)}
</div>
</div>`;
}

function whoYouAre(local: LocalSite): string {
  const identity = local.identity;
  if (identity.kind === 'owner') return 'the site owner';
  if (identity.kind === 'visitor') return `an anonymous visitor (${local.visitorId})`;
  const member = local.controls.inspect.members().find((m) => m._id === identity.memberId);
  return `member ${member ? memberName(member) : identity.memberId}`;
}

/** One `$w` element, rendered from its state. A hidden or collapsed element shows only its name, as a visitor sees nothing. */
function element(view: ElementView, spec: unknown, fields: readonly FormField[]): Markup {
  const state = view.hidden ? 'hidden' : view.collapsed ? 'collapsed' : '';
  const label = html`<p class="element-id">#${view.id} · ${view.type}${state ? ` · ${state}` : ''}</p>`;
  if (state) return html`<div class="element" data-element="#${view.id}">${label}</div>`;
  return html`<div class="element" data-element="#${view.id}">${label}${body(view, spec, fields)}</div>`;
}

function body(view: ElementView, spec: unknown, fields: readonly FormField[]): Markup {
  const selector = `#${view.id}`;
  switch (view.type) {
    case 'Text':
      // `.text`, never `.html`: what page code shows may carry what a participant typed.
      return html`<p id="el-${view.id}" class="wix-text">${view.text ?? ''}</p>`;
    case 'Button':
      return html`<form method="post" action="${ui('/site/click')}"><input type="hidden" name="selector" value="${selector}">
<button type="submit" id="el-${view.id}"${view.enabled === false ? html` disabled` : ''}>${view.label || view.id}</button></form>`;
    case 'TextInput':
      return html`<form method="post" action="${ui('/site/input')}"><input type="hidden" name="selector" value="${selector}">
<label for="el-${view.id}">${view.id}</label>
<input type="text" id="el-${view.id}" name="value" value="${view.value ?? ''}"${view.enabled === false ? html` disabled` : ''}>
<button type="submit">Enter</button></form>`;
    case 'WixForms':
    case 'WixFormsV2': {
      const formName = (spec as { formName?: string } | undefined)?.formName ?? view.id;
      const generation = view.type === 'WixFormsV2' ? 'Wix Forms (new)' : 'Wix Forms (old)';
      return html`<form method="post" action="${ui('/site/submit')}" id="el-${view.id}">
<input type="hidden" name="selector" value="${selector}">
<fieldset><legend>${formName} — ${generation}</legend>
${fields.map((field) => formField(view.id, field))}
<button type="submit">Submit</button>
</fieldset></form>`;
    }
  }
}

function formField(formId: string, field: FormField): Markup {
  const id = `${formId}-${field.name}`;
  const required = field.required ? html` required` : '';
  const input =
    field.input === 'textarea'
      ? html`<textarea id="${id}" name="field.${field.name}"${required}></textarea>`
      : html`<input type="${field.input}" id="${id}" name="field.${field.name}"${required}>`;
  return html`<label for="${id}">${field.label}</label>${input}`;
}

/** The chat widget: the person's own conversation, as they see it (no business-only messages). */
function chat(local: LocalSite): Markup {
  if (local.identity.kind === 'owner') {
    return html`<section aria-labelledby="chat-heading"><h2 id="chat-heading">Chat</h2>
<p class="muted">The owner answers in the <a href="${ui('/inbox')}">Inbox</a>.</p></section>`;
  }
  const thread = ownThread(local.controls, local.participantId);
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
<form method="post" action="${ui('/site/chat')}">
<label for="chat-text">Write to the business</label>
<textarea id="chat-text" name="text" required></textarea>
<button type="submit">Send</button>
</form>
</section>`;
}

function membersArea(local: LocalSite): Markup {
  if (local.identity.kind === 'member') {
    return html`<section aria-labelledby="members-heading"><h2 id="members-heading">Members</h2>
<p>You are logged in as ${whoYouAre(local)}.</p>
<form method="post" action="${ui('/session')}"><input type="hidden" name="as" value="visitor"><input type="hidden" name="return" value="/">
<button type="submit">Log out</button></form></section>`;
  }
  return html`<section aria-labelledby="members-heading">
<h2 id="members-heading">Members</h2>
<form method="post" action="${ui('/site/signup')}" aria-labelledby="signup-heading">
<h3 id="signup-heading">Sign up</h3>
<label for="signup-first">First name</label><input type="text" id="signup-first" name="firstName">
<label for="signup-email">Email</label><input type="email" id="signup-email" name="email" required>
<button type="submit">Sign up</button>
</form>
<form method="post" action="${ui('/site/login')}" aria-labelledby="login-heading">
<h3 id="login-heading">Log in</h3>
<label for="login-email">Email</label><input type="email" id="login-email" name="email" required>
<button type="submit">Log in</button>
</form>
</section>`;
}

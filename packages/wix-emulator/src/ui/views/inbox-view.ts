import { html } from 'hono/html';
import { ui } from '../paths';
import { inboxView, type ConversationView, type MessageLine, type ParticipantKind } from '../inbox-model';
import { kept, paginate, postForm, searchForm } from './form-kit';
import { panelsOf, whoYouAre, shortTime, type Markup, type ViewContext } from './layout';

const KIND_LABEL: Record<ParticipantKind, string> = { visitor: 'Visitor', contact: 'Contact', member: 'Member' };

/** Conversations per page, and the newest messages each shows in the list (the conversation's own page shows all). */
const CONVERSATIONS_PER_PAGE = 10;
const MESSAGES_IN_LIST = 1;

/**
 * The Inbox as the site owner sees it in the dashboard: one conversation per participant with its type, the
 * conversations merged into it (old → new), its newest message and a reply box, paged and searchable; a
 * conversation's own page (`?conversation=<id>`) shows every message and lets the participant write back. The owner
 * replies as from Wix's dashboard, or as the site's tooling says (`OwnerReply`); the site's panels come first.
 * Only the owner sees it, as on Wix: anyone else is offered the switch.
 */
export async function inboxPage(ctx: ViewContext): Promise<Markup> {
  if (ctx.session.identity.kind !== 'owner') {
    return html`<section aria-labelledby="not-owner-heading"><h2 id="not-owner-heading">The Inbox is the site owner's</h2>
<p>You are ${whoYouAre(ctx)}. On Wix only the site's owner and collaborators open the Inbox, in the dashboard.</p>
${postForm(ctx, '/session', html`<input type="hidden" name="as" value="owner"><button type="submit">Switch to the site owner</button>`)}</section>`;
  }
  const opened = ctx.query.get('conversation');
  return html`${opened ? '' : await panelsOf(ctx, 'inbox')}
<section aria-labelledby="conversations-heading" id="conversations" data-live>
${opened ? single(ctx, opened) : conversations(ctx)}
</section>`;
}

/** Whose eyes the Inbox shows: the owner's (or says it is not yours to see). */
export function inboxEyes(ctx: ViewContext): Markup {
  return ctx.session.identity.kind === 'owner'
    ? html`Seen as the site owner, in the dashboard: every conversation, business-only messages included.`
    : html`The site owner's dashboard — you are ${whoYouAre(ctx)}, so you see nothing of it.`;
}

function conversations(ctx: ViewContext): Markup {
  const view = inboxView(ctx.local.controls);
  const query = (ctx.query.get('q') ?? '').trim().toLowerCase();
  const found = query === '' ? view.conversations : view.conversations.filter((c) => matches(c, query));
  const { shown, nav } = paginate(ctx, found, CONVERSATIONS_PER_PAGE, 'Conversation pages');
  const open = view.conversations.length;
  return html`<h2 id="conversations-heading">Conversations <span class="muted">(${open} open, ${view.mergedCount} merged into others${query ? `; ${found.length} match “${query}”` : ''})</span></h2>
${searchForm(ctx, 'Search conversations (participant, email, message text)')}
${open === 0 ? html`<p class="muted">No conversations yet. Chat or submit the form on the <a href="${ui('/')}">site</a>.</p>` : ''}
${open > 0 && found.length === 0 ? html`<p class="muted">No conversation matches.</p>` : ''}
${shown.map((c) => conversation(ctx, c, MESSAGES_IN_LIST))}
${nav}`;
}

function single(ctx: ViewContext, id: string): Markup {
  const found = inboxView(ctx.local.controls).conversations.find((c) => c.id === id);
  return html`<h2 id="conversations-heading"><a href="${ui('/inbox')}">Conversations</a> › one conversation</h2>
${found ? conversation(ctx, found, Number.POSITIVE_INFINITY) : html`<p class="muted">No open conversation ${id} (it may have been merged into another).</p>`}`;
}

function matches(c: ConversationView, query: string): boolean {
  return c.id.toLowerCase().includes(query) || c.participant.toLowerCase().includes(query) || c.messages.some((m) => m.text.toLowerCase().includes(query));
}

function conversation(ctx: ViewContext, c: ConversationView, newest: number): Markup {
  const heading = `conversation-${c.id}`;
  const shown = c.messages.slice(-newest);
  const hidden = c.messages.length - shown.length;
  // The list is for finding a conversation and answering it; its own page has every message and the participant's side.
  const whole = !Number.isFinite(newest);
  return html`<article class="conversation${whole ? ' whole' : ''}" aria-labelledby="${heading}" data-conversation="${c.id}" data-kind="${c.kind}">
<h3 id="${heading}"><span class="badge ${c.kind}">${KIND_LABEL[c.kind]}</span>${c.detached ? html`<span class="badge detached">detached</span>` : ''}${c.participant}</h3>
<p class="muted meta">Conversation ${c.id} · opened ${shortTime(c.createdDate)} · ${hidden > 0 ? html`<a href="${ui('/inbox')}?conversation=${c.id}">All ${c.messages.length} messages</a>` : `${c.messages.length} message(s)`}</p>
${c.chain.length === 0
    ? ''
    : html`<div class="merge-chain"><p class="muted">Merge chain (old → new):</p>
<ol class="chain" aria-label="Merge chain">${c.chain.map(
        (link) => html`<li><span class="badge">${KIND_LABEL[link.kind]}</span><span title="${link.participant}">${link.conversationId.slice(0, 8)}</span> <span class="muted">merged ${shortTime(link.mergedAt)}</span></li>`,
      )}<li aria-current="true"><span class="badge ${c.kind}">${KIND_LABEL[c.kind]}</span>${c.id.slice(0, 8)} <span class="muted">(this one)</span></li></ol></div>`}
<ol class="messages" aria-label="${hidden > 0 ? 'Newest message' : 'Messages, oldest first'}" id="messages-${c.id}" data-live>${shown.map(message)}</ol>
${postForm(ctx, '/inbox/reply', html`<input type="hidden" name="conversationId" value="${c.id}">
<label for="reply-${c.id}"${whole ? '' : html` class="visually-hidden"`}>Reply as the owner</label>
<div class="row"><textarea id="reply-${c.id}" name="text" rows="1" placeholder="Reply as the owner" required>${kept(ctx, '/inbox/reply', 'text', c.id)}</textarea>
<button type="submit">Reply</button></div>`, { key: c.id, busy: 'Sending…', attributes: html` class="reply"` })}
${whole ? html`<details class="act-as"><summary>Write as the ${KIND_LABEL[c.kind].toLowerCase()} (their chat widget)</summary>
${postForm(ctx, '/inbox/participant', html`<input type="hidden" name="conversationId" value="${c.id}">
<label for="write-${c.id}">Write as the ${KIND_LABEL[c.kind].toLowerCase()}</label>
<div class="row"><textarea id="write-${c.id}" name="text" rows="1" required>${kept(ctx, '/inbox/participant', 'text', c.id)}</textarea>
<button type="submit">Send to the business</button></div>`, { key: c.id, attributes: html` class="reply"` })}
</details>` : ''}
</article>`;
}

function message(m: MessageLine): Markup {
  const toBusiness = m.direction === 'PARTICIPANT_TO_BUSINESS';
  return html`<li class="${toBusiness ? 'to-business' : 'to-participant'}" data-sequence="${m.sequence}">
<span class="muted">#${m.sequence} · ${shortTime(m.at)} · ${toBusiness ? 'participant → business' : 'business → participant'} · ${m.visibility === 'BUSINESS' ? 'business only' : 'visible to both'} · from ${m.sender}${m.mergedFrom ? ` · came from ${m.mergedFrom.slice(0, 8)}` : ''}</span>
<p class="text">${m.text}</p>
</li>`;
}

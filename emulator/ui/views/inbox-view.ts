import { html } from 'hono/html';
import { ui } from '../paths';
import { inboxView, type ConversationView, type MessageLine, type ParticipantKind } from '../inbox-model';
import type { LocalSite } from '../local-site';
import { shortTime, type Markup } from './layout';

const KIND_LABEL: Record<ParticipantKind, string> = { visitor: 'Visitor', contact: 'Contact', member: 'Member' };

/**
 * The Inbox as the site owner sees it: one conversation per participant with its type, the conversations merged into
 * it (old → new), and every message in order with its direction and visibility. The owner replies through the site's
 * `sendToParticipant` web method, as an admin; the participant can write back.
 */
export function inboxPage(local: LocalSite): Markup {
  return html`<section aria-labelledby="send-heading">
<h2 id="send-heading">Message someone by email</h2>
<form method="post" action="${ui('/inbox/send')}">
<p class="muted">As the site owner, through <code>sendToParticipant({ email }, text)</code>: the site resolves who the email belongs to.</p>
<div class="inline-forms">
<div><label for="send-email">Email</label><input type="email" id="send-email" name="email" required></div>
<div><label for="send-text">Message</label><textarea id="send-text" name="text" required></textarea></div>
</div>
<button type="submit">Send as the owner</button>
</form>
</section>
<section aria-labelledby="conversations-heading" id="conversations" data-live>
${conversations(local)}
</section>`;
}

function conversations(local: LocalSite): Markup {
  const view = inboxView(local.controls);
  const live = view.conversations;
  return html`<h2 id="conversations-heading">Conversations <span class="muted">(${live.length} open, ${view.mergedCount} merged into others)</span></h2>
${live.length === 0 ? html`<p class="muted">No conversations yet. Chat or submit the form on the <a href="${ui('/')}">site</a>.</p>` : live.map(conversation)}`;
}

function conversation(c: ConversationView): Markup {
  const heading = `conversation-${c.id}`;
  return html`<article class="conversation" aria-labelledby="${heading}" data-conversation="${c.id}" data-kind="${c.kind}">
<h3 id="${heading}"><span class="badge ${c.kind}">${KIND_LABEL[c.kind]}</span>${c.detached ? html`<span class="badge detached">detached</span>` : ''}${c.participant}</h3>
<p class="muted">Conversation ${c.id} · opened ${shortTime(c.createdDate)} · ${c.messages.length} message(s)</p>
${c.chain.length === 0
    ? ''
    : html`<div class="merge-chain"><p class="muted">Merge chain (old → new):</p>
<ol class="chain" aria-label="Merge chain">${c.chain.map(
        (link) => html`<li><span class="badge">${KIND_LABEL[link.kind]}</span><span title="${link.participant}">${link.conversationId.slice(0, 8)}</span> <span class="muted">merged ${shortTime(link.mergedAt)}</span></li>`,
      )}<li aria-current="true"><span class="badge ${c.kind}">${KIND_LABEL[c.kind]}</span>${c.id.slice(0, 8)} <span class="muted">(this one)</span></li></ol></div>`}
<ol class="messages" aria-label="Messages, oldest first" id="messages-${c.id}" data-live>${c.messages.map(message)}</ol>
<div class="inline-forms">
<form method="post" action="${ui('/inbox/reply')}">
<input type="hidden" name="conversationId" value="${c.id}">
<label for="reply-${c.id}">Reply as the owner</label>
<textarea id="reply-${c.id}" name="text" required></textarea>
<button type="submit">Reply</button>
</form>
<form method="post" action="${ui('/inbox/participant')}">
<input type="hidden" name="conversationId" value="${c.id}">
<label for="write-${c.id}">Write as the ${KIND_LABEL[c.kind].toLowerCase()}</label>
<textarea id="write-${c.id}" name="text" required></textarea>
<button type="submit">Send to the business</button>
</form>
</div>
</article>`;
}

function message(m: MessageLine): Markup {
  const toBusiness = m.direction === 'PARTICIPANT_TO_BUSINESS';
  return html`<li class="${toBusiness ? 'to-business' : 'to-participant'}" data-sequence="${m.sequence}">
<span class="muted">#${m.sequence} · ${shortTime(m.at)} · ${toBusiness ? 'participant → business' : 'business → participant'} · ${m.visibility === 'BUSINESS' ? 'business only' : 'visible to both'} · from ${m.sender}${m.mergedFrom ? ` · came from ${m.mergedFrom.slice(0, 8)}` : ''}</span>
<p class="text">${m.text}</p>
</li>`;
}

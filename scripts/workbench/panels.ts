import { html, kept, paginate, postForm, shortTime, UiRequestError, whoYouAre, type BrowserSession, type Markup, type Notice, type OwnerReply, type UiPanel, type ViewContext } from 'wix-emulator/ui';
import { broadcastEntries, type BroadcastEntry } from './broadcast-model';
import { parseAudience, parseBroadcastId } from './broadcast-form';
import { DELIVERIES_COLLECTION, OUTBOX_COLLECTION, outboxLines, type OutboxLine } from './outbox-model';
import type { SiteCode } from './site-code';

/**
 * velo-inbox's workbench in the emulator's local UI: what only this site's code can show or do — the owner messaging
 * someone by email and replying through `sendToParticipant`, broadcasts through `sendToMany` with the counts
 * `broadcastStatus` gives the owner, the outbox as the delivery records tell it, and the hourly job run now. Each
 * acts through the site's own web methods and job, as an admin page of the site would.
 */
export interface Workbench {
  readonly panels: readonly UiPanel[];
  readonly ownerReply: OwnerReply;
}

export function veloInboxWorkbench(code: SiteCode): Workbench {
  return { panels: [sendByEmail(code), hourlyJob(code), broadcasts(code), outbox()], ownerReply: replyThroughTheSite(code) };
}

/** Broadcasts the panel reads counts for (newest first): each costs the web method's queries. */
const BROADCASTS_SHOWN = 20;
const OUTBOX_PER_PAGE = 25;

const ok = (text: string): Notice => ({ tone: 'ok', text });

/** The Inbox is the owner's dashboard: acting in it needs the owner's session, as on Wix. */
function requireOwner(session: BrowserSession): void {
  if (session.identity.kind !== 'owner') throw new UiRequestError('NOT_THE_OWNER', 'Only the site owner works in the Inbox: switch to the site owner first.');
}

function requiredText(value: string): string {
  const trimmed = value.trim();
  if (trimmed === '') throw new UiRequestError('INVALID_INPUT', 'text is required.');
  return trimmed;
}

/** The owner's reply box answers through `sendToParticipant`, addressed as the site's code addresses people. */
function replyThroughTheSite(code: SiteCode): OwnerReply {
  return async (local, session, conversation, text) => {
    // The web method decides what a participant ID can reach (an anonymous visitor's: nothing).
    const result = await local.site.as(session.ownerCaller, () => code.sendToParticipant({ ...conversation.participantId } as Parameters<SiteCode['sendToParticipant']>[0], text));
    return sendNotice(result);
  };
}

function sendNotice(result: Awaited<ReturnType<SiteCode['sendToParticipant']>>): Notice {
  if (!result.ok) return { tone: 'error', text: `sendToParticipant: ${result.error.code} — ${result.error.message}` };
  return ok(`sendToParticipant: ${result.value.status}${'conversationId' in result.value ? ` to conversation ${String(result.value.conversationId)}` : ''}.`);
}

function sendByEmail(code: SiteCode): UiPanel {
  const path = '/inbox/send';
  return {
    id: 'send',
    view: 'inbox',
    siteFunctions: ['sendToParticipant'],
    render: (ctx) => html`<section aria-labelledby="send-heading" id="send">
<h2 id="send-heading">Message someone by email</h2>
${postForm(ctx, path, html`<p class="muted">As the site owner, through <code>sendToParticipant({ email }, text)</code>: the site resolves who the email belongs to.</p>
<div class="inline-forms">
<div><label for="send-email">Email</label><input type="email" id="send-email" name="email" value="${kept(ctx, path, 'email')}" required></div>
<div><label for="send-text">Message</label><textarea id="send-text" name="text" rows="1" required>${kept(ctx, path, 'text')}</textarea></div>
</div>
<button type="submit">Send as the owner</button>`, { busy: 'Sending (the site retries what Wix refuses for now)…' })}
</section>`,
    actions: [
      {
        path,
        act: async (form, session, local) => {
          requireOwner(session);
          const email = form.required('email');
          const text = requiredText(form.optional('text'));
          return local.run(async () => {
            // The field goes in as typed: the web method validates it at run time, as it would a page's call.
            const result = await local.site.as(session.ownerCaller, () => code.sendToParticipant({ email }, text));
            await local.controls.settle();
            return sendNotice(result);
          });
        },
      },
    ],
  };
}

function hourlyJob(code: SiteCode): UiPanel {
  const path = '/backend/job';
  return {
    id: 'hourly-job',
    view: 'backend',
    render: (ctx) => html`<section aria-labelledby="job-heading" id="hourly-job">
<h2 id="job-heading">The hourly job</h2>
${postForm(ctx, path, html`<p class="muted">As jobs.config declares it: deliver due outbox intents, then housekeeping.</p>
<button type="submit">Run the outbox job now</button>`, { busy: 'Running the job (each due intent is a send)…' })}
</section>`,
    actions: [
      {
        path,
        // As Wix's scheduler runs it: a system caller with no session.
        act: (_form, _session, local) =>
          local.run(async () => {
            const result = await local.site.as({ kind: 'system', reason: 'job' }, () => code.drainInboxOutbox());
            await local.controls.settle();
            return ok(`Outbox job: ${String(result.taken)} intent(s) taken, ${String(result.failed)} failed.`);
          }),
      },
    ],
  };
}

/** A broadcast with its counts as the site's `broadcastStatus` web method tells them, or why it could not. */
type BroadcastLine = BroadcastEntry &
  ({ readonly ok: true; readonly pending: number; readonly sent: number; readonly skipped: number; readonly dead: number; readonly total: number } | { readonly ok: false; readonly error: string });

function broadcasts(code: SiteCode): UiPanel {
  const path = '/backend/broadcast';
  const lines = (ctx: ViewContext): Promise<BroadcastLine[]> => {
    const entries = broadcastEntries(ctx.local.controls).slice(0, BROADCASTS_SHOWN);
    if (entries.length === 0) return Promise.resolve([]);
    // Read as the owner would on an admin page; quietly, so the view's own reads do not keep refreshing it.
    return ctx.local.readQuietly(async (owner) => {
      const read: BroadcastLine[] = [];
      for (const entry of entries) {
        const result = await ctx.local.site.as(owner, () => code.broadcastStatus(entry.id));
        if (!result.ok) {
          read.push({ ...entry, ok: false, error: `${result.error.code} — ${result.error.message}` });
          continue;
        }
        const { pending, sent, skipped, dead, total } = result.value;
        read.push({ ...entry, ok: true, pending, sent, skipped, dead, total });
      }
      return read;
    });
  };
  return {
    id: 'broadcasts',
    view: 'backend',
    siteFunctions: ['sendToMany', 'broadcastStatus'],
    render: async (ctx) => {
      const shown = await lines(ctx);
      return html`<section aria-labelledby="broadcasts-heading" id="broadcasts">
<h2 id="broadcasts-heading">Broadcasts</h2>
<div id="broadcasts-list" data-live>${shown.length === 0
        ? html`<p class="muted">No broadcasts yet.</p>`
        : html`<div class="table-wrap"><table><caption class="muted">Newest first; the counts are what the site's <code>broadcastStatus</code> web method answers the owner</caption>
<thead><tr><th scope="col">Broadcast</th><th scope="col">Started</th><th scope="col">Message</th><th scope="col">Progress</th></tr></thead>
<tbody>${shown.map(broadcastRow)}</tbody></table></div>`}</div>
${postForm(ctx, path, html`<p class="muted">As you (${whoYouAre(ctx)}) — the site owner may; others get the web method's refusal — through <code>sendToMany</code>: one message to everyone with a contact label, or to a list of emails.</p>
<input type="hidden" name="broadcastId" value="${kept(ctx, path, 'broadcastId') || `ui-${globalThis.crypto.randomUUID()}`}">
<div class="inline-forms">
<div><label for="broadcast-label">Everyone with the label (e.g. <code>custom.vip</code>)</label><input type="text" id="broadcast-label" name="label" value="${kept(ctx, path, 'label')}"></div>
<div><label for="broadcast-emails">Or these emails (comma or line separated)</label><textarea id="broadcast-emails" name="emails" rows="2">${kept(ctx, path, 'emails')}</textarea></div>
</div>
<label for="broadcast-text">Message</label>
<textarea id="broadcast-text" name="text" rows="2" required>${kept(ctx, path, 'text')}</textarea>
<button type="submit">Broadcast</button>`, { attributes: html` id="broadcast-form"`, busy: 'Broadcasting (one send per person)…' })}
</section>`;
    },
    actions: [
      {
        path,
        // As whoever is at the browser: the web method lets only site admins broadcast, so a visitor or member gets
        // its refusal. `broadcastId` makes a double submission of one form the same broadcast (nobody gets it twice).
        act: async (form, session, local) => {
          const audience = parseAudience(form);
          const text = requiredText(form.optional('text'));
          const broadcastId = parseBroadcastId(form.required('broadcastId'));
          const recipients = 'label' in audience ? { label: audience.label } : audience.emails.map((email) => ({ email }));
          return local.run(async () => {
            const result = await local.site.as(session.caller, () => code.sendToMany(recipients, text, { idempotencyKey: broadcastId }));
            await local.controls.settle();
            if (!result.ok) return { tone: 'error', text: `sendToMany: ${result.error.code} — ${result.error.message}` };
            const { total, unreached, delivery } = result.value;
            const missed = unreached.length > 0 ? ` ${unreached.length} recipient(s) reach nobody (${[...new Set(unreached.map((u) => u.code))].join(', ')}).` : '';
            return ok(`sendToMany: broadcast ${result.value.broadcastId} to ${total} people: ${delivery.sent} sent, ${delivery.skipped} skipped, ${delivery.dead} dead, ${delivery.left} left for the job.${missed}`);
          });
        },
      },
    ],
  };
}

function broadcastRow(line: BroadcastLine): Markup {
  const started = line.startedAt ? html`<time datetime="${line.startedAt.toISOString()}">${shortTime(line.startedAt.toISOString())}</time>` : '';
  const head = html`<td><code>${line.id}</code></td><td class="when">${started}</td><td>${line.preview}</td>`;
  if (!line.ok) return html`<tr data-broadcast="${line.id}">${head}<td class="error-text">${line.error}</td></tr>`;
  const done = line.sent + line.skipped + line.dead;
  const counts = `${line.sent} sent, ${line.skipped} skipped, ${line.dead} dead, ${line.pending} pending of ${line.total}`;
  const bar = line.total === 0 ? '' : html`<progress max="${line.total}" value="${done}" aria-label="Progress of broadcast ${line.id}">${done} of ${line.total}</progress> `;
  return html`<tr data-broadcast="${line.id}">${head}<td>${bar}<span class="counts">${counts}</span></td></tr>`;
}

function outbox(): UiPanel {
  return {
    id: 'outbox',
    view: 'backend',
    render: (ctx) => {
      const lines = [...outboxLines(ctx.local.controls)].reverse();
      const counts = new Map<string, number>();
      for (const line of lines) counts.set(line.status, (counts.get(line.status) ?? 0) + 1);
      const { shown, nav } = paginate(ctx, lines, OUTBOX_PER_PAGE, 'Outbox pages');
      return html`<section aria-labelledby="outbox-heading" id="outbox" data-live><h2 id="outbox-heading">Outbox intents <span class="muted">(${lines.length}${lines.length > 0 ? `: ${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')}` : ''})</span></h2>
${lines.length === 0
        ? html`<p class="muted">No intents yet: every send writes one before Wix is called.</p>`
        : html`<div class="table-wrap"><table><caption class="muted">The <code>${OUTBOX_COLLECTION}</code> collection, newest first; the status is what the delivery records in <code>${DELIVERIES_COLLECTION}</code> say (the row's own status is a cache the hourly job refreshes)</caption>
<thead><tr><th scope="col">Key</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">To</th><th scope="col">Template</th><th scope="col">Next attempt</th><th scope="col">Last error</th></tr></thead>
<tbody>${shown.map(outboxRow)}</tbody></table></div>${nav}`}</section>`;
    },
  };
}

function outboxRow(line: OutboxLine): Markup {
  return html`<tr data-status="${line.status}"><td><code>${line.key}</code></td><td>${line.status}${line.cachedStatus === line.status ? '' : html` <span class="muted">(row: ${line.cachedStatus})</span>`}</td><td class="num">${line.attempts}</td>
<td class="to">${line.to.join(', ')}</td><td>${line.template}</td>
<td>${(line.status === 'pending' || line.status === 'retrying') && line.nextAttemptAt ? shortTime(line.nextAttemptAt.toISOString()) : ''}</td>
<td>${line.error}</td></tr>`;
}

import { html } from 'hono/html';
import { ui } from '../paths';
import { describeCaller, type InjectedFault, type JournalEntry } from '../../index';
import type { BroadcastLine, LocalSite } from '../local-site';
import { DELIVERIES_COLLECTION, OUTBOX_COLLECTION, outboxLines } from '../outbox-model';
import { shortTime, type Markup } from './layout';

/** How many journal entries the view shows (newest first); the total is printed beside. */
const JOURNAL_ROWS = 200;


/**
 * What the backend did: the journal of emulated calls, the broadcasts and the outbox intents, and the controls a
 * developer uses to make things go wrong on purpose — faults, latency, the clock — plus running the hourly job now.
 */
export async function backendPage(local: LocalSite): Promise<Markup> {
  const broadcastLines = await local.broadcasts();
  return html`<div class="columns">
<section aria-labelledby="clock-heading">
<h2 id="clock-heading">Clock and latency</h2>
<p id="clock-now" data-live>Emulated time: <time datetime="${local.controls.clock.now().toISOString()}">${shortTime(local.controls.clock.now().toISOString())}</time> · latency per call: ${local.site.kernel.latencyMs} ms</p>
<form method="post" action="${ui('/backend/clock')}">
<label for="advance-minutes">Advance the clock by (minutes)</label>
<input type="number" id="advance-minutes" name="minutes" min="1" step="1" value="60" required>
<button type="submit">Advance</button>
</form>
<form method="post" action="${ui('/backend/latency')}">
<label for="latency-ms">Latency of every emulated call (ms)</label>
<input type="number" id="latency-ms" name="ms" min="0" step="1" value="${local.site.kernel.latencyMs}" required>
<button type="submit">Set latency</button>
</form>
<form method="post" action="${ui('/backend/job')}">
<p class="muted">The hourly job (jobs.config): deliver due outbox intents, then housekeeping.</p>
<button type="submit">Run the outbox job now</button>
</form>
</section>
${faults(local)}
</div>
${notCalled(local)}
${broadcasts(broadcastLines)}
<section aria-labelledby="outbox-heading" id="outbox" data-live>${outbox(local)}</section>
<section aria-labelledby="journal-heading" id="journal" data-live>${journal(local)}</section>`;
}

/** The site's handlers Wix would never call (unsupported export forms), named with file and line. */
function notCalled(local: LocalSite): Markup {
  if (local.notCalled.length === 0) return html``;
  return html`<section aria-labelledby="not-called-heading" id="not-called">
<h2 id="not-called-heading">Handlers Wix never calls</h2>
<p class="muted">Exported in a form Wix's Module Export Syntax rules out: their events fire, and nothing runs.</p>
<ul>${local.notCalled.map((line) => html`<li><code>${line}</code></li>`)}</ul>
</section>`;
}

function broadcasts(lines: readonly BroadcastLine[]): Markup {
  return html`<section aria-labelledby="broadcasts-heading">
<h2 id="broadcasts-heading">Broadcasts</h2>
<div id="broadcasts-list" data-live>${lines.length === 0
    ? html`<p class="muted">No broadcasts yet.</p>`
    : html`<table><caption class="muted">Newest first; the counts are what the site's <code>broadcastStatus</code> web method answers the owner</caption>
<thead><tr><th scope="col">Broadcast</th><th scope="col">Started</th><th scope="col">Message</th><th scope="col">Progress</th></tr></thead>
<tbody>${lines.map(broadcastRow)}</tbody></table>`}</div>
<form method="post" action="${ui('/backend/broadcast')}">
<p class="muted">As whoever you are (the site owner may; others get the web method's refusal), through <code>sendToMany</code>: one message to everyone with a contact label, or to a list of emails.</p>
<input type="hidden" name="broadcastId" value="ui-${globalThis.crypto.randomUUID()}">
<div class="inline-forms">
<div><label for="broadcast-label">Everyone with the label (e.g. <code>custom.vip</code>)</label><input type="text" id="broadcast-label" name="label"></div>
<div><label for="broadcast-emails">Or these emails (comma or line separated)</label><textarea id="broadcast-emails" name="emails" rows="2"></textarea></div>
</div>
<label for="broadcast-text">Message</label>
<textarea id="broadcast-text" name="text" rows="2" required></textarea>
<button type="submit">Broadcast</button>
</form>
</section>`;
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

function faults(local: LocalSite): Markup {
  const active = local.controls.faults.list();
  const operations = [...new Set(local.controls.journal.entries().map((e) => e.operation))].sort();
  return html`<section aria-labelledby="faults-heading">
<h2 id="faults-heading">Faults</h2>
<div id="faults-list" data-live>${active.length === 0
    ? html`<p class="muted">No faults injected: every call succeeds.</p>`
    : html`<table><caption class="muted">Injected faults, oldest first</caption>
<thead><tr><th scope="col">Operation</th><th scope="col">Fault</th><th scope="col">Uses left</th><th scope="col"><span class="muted">Remove</span></th></tr></thead>
<tbody>${active.map(faultRow)}</tbody></table>`}</div>
<form method="post" action="${ui('/backend/faults')}">
<label for="fault-operation">Operation (<code>inbox.sendMessage</code>, <code>*</code> for all)</label>
<input type="text" id="fault-operation" name="operation" list="known-operations" required>
<datalist id="known-operations">${operations.map((o) => html`<option value="${o}"></option>`)}</datalist>
<div class="inline-forms">
<div><label for="fault-status">HTTP status</label><input type="number" id="fault-status" name="status" min="400" max="599" value="503"></div>
<div><label for="fault-code">Error code (optional)</label><input type="text" id="fault-code" name="code"></div>
<div><label for="fault-times">Times (empty: once, or always with a probability)</label><input type="number" id="fault-times" name="times" min="1"></div>
<div><label for="fault-probability">Probability (0–1, optional)</label><input type="number" id="fault-probability" name="probability" min="0" max="1" step="0.01"></div>
<div><label for="fault-retry">Retry-After seconds (optional)</label><input type="number" id="fault-retry" name="retryAfterSeconds" min="0"></div>
<div><label><input type="checkbox" name="responseLost" value="true"> Response lost (the write happens, the caller gets a 504)</label></div>
</div>
<button type="submit">Add fault</button>
</form>
</section>`;
}

function faultRow(fault: InjectedFault): Markup {
  const { spec } = fault;
  const parts = [
    `status ${spec.status ?? 503}`,
    spec.code ? `code ${spec.code}` : '',
    spec.probability !== undefined ? `probability ${spec.probability}` : '',
    spec.retryAfterSeconds !== undefined ? `Retry-After ${spec.retryAfterSeconds}s` : '',
    spec.responseLost ? 'response lost' : '',
  ].filter(Boolean);
  return html`<tr><td><code>${fault.operation}</code></td><td>${parts.join(', ')}</td><td class="num">${Number.isFinite(fault.remaining) ? fault.remaining : '∞'}</td>
<td><form method="post" action="${ui('/backend/faults/remove')}"><input type="hidden" name="id" value="${fault.id}"><button type="submit" aria-label="Remove the fault on ${fault.operation}">Remove</button></form></td></tr>`;
}

function outbox(local: LocalSite): Markup {
  const lines = outboxLines(local.controls);
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(line.status, (counts.get(line.status) ?? 0) + 1);
  return html`<h2 id="outbox-heading">Outbox intents <span class="muted">(${lines.length}${lines.length > 0 ? `: ${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')}` : ''})</span></h2>
${lines.length === 0
    ? html`<p class="muted">No intents yet: every send writes one before Wix is called.</p>`
    : html`<table><caption class="muted">The <code>${OUTBOX_COLLECTION}</code> collection, newest first; the status is what the delivery records in <code>${DELIVERIES_COLLECTION}</code> say (the row's own status is a cache the hourly job refreshes)</caption>
<thead><tr><th scope="col">Key</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">To</th><th scope="col">Template</th><th scope="col">Next attempt</th><th scope="col">Last error</th></tr></thead>
<tbody>${[...lines].reverse().map(
        (line) => html`<tr data-status="${line.status}"><td><code>${line.key}</code></td><td>${line.status}${line.cachedStatus === line.status ? '' : html` <span class="muted">(row: ${line.cachedStatus})</span>`}</td><td class="num">${line.attempts}</td>
<td>${line.to.join(', ')}</td><td>${line.template}</td>
<td>${(line.status === 'pending' || line.status === 'retrying') && line.nextAttemptAt ? shortTime(line.nextAttemptAt.toISOString()) : ''}</td>
<td>${line.error}</td></tr>`,
      )}</tbody></table>`}`;
}

function journal(local: LocalSite): Markup {
  const entries = local.controls.journal.entries();
  const shown = entries.slice(-JOURNAL_ROWS).reverse();
  return html`<h2 id="journal-heading">Journal of emulated calls <span class="muted">(${entries.length}${entries.length > shown.length ? `, newest ${shown.length} shown` : ''})</span></h2>
${entries.length === 0
    ? html`<p class="muted">No calls yet.</p>`
    : html`<table><caption class="muted">Every emulated API call, newest first</caption>
<thead><tr><th scope="col">#</th><th scope="col">At</th><th scope="col">Operation</th><th scope="col">Caller</th><th scope="col">Elevated</th><th scope="col">Outcome</th><th scope="col">Latency</th></tr></thead>
<tbody>${shown.map(journalRow)}</tbody></table>`}`;
}

function journalRow(entry: JournalEntry): Markup {
  const failed = entry.outcome === 'error';
  const error = entry.error ? [entry.error.status, entry.error.code].filter((p) => p !== undefined).join(' ') : '';
  return html`<tr data-operation="${entry.operation}" data-outcome="${entry.outcome}"><td class="num">${entry.seq}</td><td class="when">${shortTime(entry.at)}</td><td><code>${entry.operation}</code></td>
<td>${describeCaller(entry.caller)}</td><td>${entry.elevated ? 'yes' : 'no'}</td>
<td${failed ? html` class="error-text"` : ''}>${failed ? `error ${error}${entry.applied ? ' (applied)' : ''}` : 'ok'}</td><td class="num">${entry.latencyMs} ms</td></tr>`;
}

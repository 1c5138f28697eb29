import { html } from 'hono/html';
import { ui } from '../paths';
import type { InjectedFault } from '../../index';
import { faultTargets } from '../workbench';
import { kept, postForm } from './form-kit';
import { siteFunctions } from './site-functions-view';
import { panelsOf, shortTime, whoYouAre, type Markup, type ViewContext } from './layout';

/**
 * What the backend did and the developer's controls over it: faults, latency, the clock, the handlers Wix would never
 * call, the site's own panels (what its tooling shows of its backend), any web method or job of the site repo, and
 * the site's whole state (reset, export, import).
 */
export async function backendPage(ctx: ViewContext): Promise<Markup> {
  return html`<div class="columns">
${clock(ctx)}
${faults(ctx)}
</div>
${notCalled(ctx)}
${await panelsOf(ctx, 'backend')}
${siteFunctions(ctx)}
${state(ctx)}`;
}

/** Whose eyes the backend view shows: the developer's, seeing everything; the site's panels may act as you. */
export function backendEyes(ctx: ViewContext): Markup {
  return html`Seen by you as the developer: the emulator's own view of every backend record, beyond what any Wix user sees. The controls act as the emulator; the site's own forms act as you (${whoYouAre(ctx)}).`;
}

/** The site's handlers Wix would never call (unsupported export forms), named with file and line. */
function notCalled(ctx: ViewContext): Markup {
  const lines = ctx.local.notCalled;
  if (lines.length === 0) return html``;
  return html`<section aria-labelledby="not-called-heading" id="not-called">
<h2 id="not-called-heading">Handlers Wix never calls</h2>
<p class="muted">Exported in a form Wix's Module Export Syntax rules out: their events fire, and nothing runs.</p>
<ul>${lines.map((line) => html`<li><code>${line}</code></li>`)}</ul>
</section>`;
}

function clock(ctx: ViewContext): Markup {
  const { local } = ctx;
  return html`<section aria-labelledby="clock-heading">
<h2 id="clock-heading">Clock and latency</h2>
<p id="clock-now" data-live>Emulated time: <time datetime="${local.controls.clock.now().toISOString()}">${shortTime(local.controls.clock.now().toISOString())}</time> · latency per call: ${local.site.kernel.latencyMs} ms</p>
${postForm(ctx, '/backend/clock', html`<label for="advance-minutes">Advance the clock by (minutes)</label>
<input type="number" id="advance-minutes" name="minutes" min="1" step="1" value="${kept(ctx, '/backend/clock', 'minutes') || '60'}" required>
<button type="submit">Advance</button>`)}
${postForm(ctx, '/backend/latency', html`<label for="latency-ms">Latency of every emulated call (ms)</label>
<input type="number" id="latency-ms" name="ms" min="0" step="1" value="${kept(ctx, '/backend/latency', 'ms') || local.site.kernel.latencyMs}" required>
<button type="submit">Set latency</button>`)}
</section>`;
}

function faults(ctx: ViewContext): Markup {
  const action = '/backend/faults';
  const active = ctx.local.controls.faults.list();
  const k = (name: string) => kept(ctx, action, name);
  const status = ctx.draft?.action === action ? k('status') : '503';
  return html`<section aria-labelledby="faults-heading">
<h2 id="faults-heading">Faults</h2>
<div id="faults-list" data-live>${active.length === 0
    ? html`<p class="muted">No faults injected: every call succeeds.</p>`
    : html`<div class="table-wrap"><table><caption class="muted">Injected faults, oldest first</caption>
<thead><tr><th scope="col">Operation</th><th scope="col">Fault</th><th scope="col">Uses left</th><th scope="col"><span class="muted">Remove</span></th></tr></thead>
<tbody>${active.map((fault) => faultRow(ctx, fault))}</tbody></table></div>`}</div>
${postForm(ctx, action, html`<label for="fault-operation">Operation (<code>inbox.sendMessage</code>, <code>*</code> for all; only ones the emulator knows)</label>
<input type="text" id="fault-operation" name="operation" list="known-operations" value="${k('operation')}" required>
<datalist id="known-operations">${faultTargets(ctx.local).map((o) => html`<option value="${o}"></option>`)}</datalist>
<div class="inline-forms">
<div><label for="fault-status">HTTP status</label><input type="number" id="fault-status" name="status" min="400" max="599" value="${status}"></div>
<div><label for="fault-code">Error code (optional)</label><input type="text" id="fault-code" name="code" value="${k('code')}"></div>
<div><label for="fault-times">Times (empty: once, or always with a probability)</label><input type="number" id="fault-times" name="times" min="1" value="${k('times')}"></div>
<div><label for="fault-probability">Probability (0–1, optional)</label><input type="number" id="fault-probability" name="probability" min="0" max="1" step="0.01" value="${k('probability')}"></div>
<div><label for="fault-retry">Retry-After seconds (optional)</label><input type="number" id="fault-retry" name="retryAfterSeconds" min="0" value="${k('retryAfterSeconds')}"></div>
<div><label><input type="checkbox" name="responseLost" value="true"${k('responseLost') === 'true' ? html` checked` : ''}> Response lost (the write happens, the caller gets a 504)</label></div>
</div>
<button type="submit">Add fault</button>`, { attributes: html` id="fault-form"` })}
</section>`;
}

function faultRow(ctx: ViewContext, fault: InjectedFault): Markup {
  const { spec } = fault;
  const parts = [
    `status ${spec.status ?? 503}`,
    spec.code ? `code ${spec.code}` : '',
    spec.probability !== undefined ? `probability ${spec.probability}` : '',
    spec.retryAfterSeconds !== undefined ? `Retry-After ${spec.retryAfterSeconds}s` : '',
    spec.responseLost ? 'response lost' : '',
  ].filter(Boolean);
  return html`<tr><td><code>${fault.operation}</code></td><td>${parts.join(', ')}</td><td class="num">${Number.isFinite(fault.remaining) ? fault.remaining : '∞'}</td>
<td>${postForm(ctx, '/backend/faults/remove', html`<input type="hidden" name="id" value="${fault.id}"><button type="submit" aria-label="Remove the fault on ${fault.operation}">Remove</button>`, { key: String(fault.id) })}</td></tr>`;
}

/** Reset, export and import, as the Firebase Emulator UI offers them (and `npm start -- --load / --export-on-exit`). */
function state(ctx: ViewContext): Markup {
  return html`<section aria-labelledby="state-heading">
<h2 id="state-heading">Site state</h2>
<p class="muted">Contacts, members, conversations and collections, as one JSON file (<code>controls.exportState()</code>). Load one with <code>npm start -- --load &lt;file&gt;</code>, or here.</p>
<div class="inline-forms">
<div><p><a href="${ui('/state/export')}" download>Export the site state</a></p>
${postForm(ctx, '/state/reset', html`<label><input type="checkbox" name="confirm" value="yes" required> Yes, empty the site</label>
<button type="submit">Reset the site</button>`, { busy: 'Resetting…', attributes: html` id="reset-form"` })}</div>
${postForm(ctx, '/state/import', html`<label for="state-file">Import a state file (replaces everything)</label>
<input type="file" id="state-file" name="state" accept="application/json,.json" required>
<button type="submit">Import</button>`, { multipart: true, busy: 'Importing…', attributes: html` id="import-form"` })}
</div>
</section>`;
}

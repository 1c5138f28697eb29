import { html } from 'hono/html';
import { ui } from '../paths';
import { describeCaller, type JournalEntry } from '../../index';
import { filterJournal, journalChoices, printable, readJournalFilter } from '../journal-model';
import { paginate } from './form-kit';
import { shortTime, type Markup, type ViewContext } from './layout';

const ENTRIES_PER_PAGE = 50;

/** What a call whose copies the journal no longer holds shows instead of its request and answer. */
const NOT_KEPT = '(not kept: the journal keeps the full request and answer of recent calls only)';

/**
 * Every emulated call, newest first, filtered by operation, caller and outcome, a page at a time; each call opens to
 * its request and answer (the journal may keep those only for recent calls: older ones say so).
 */
export function journalPage(ctx: ViewContext): Markup {
  const all = ctx.local.controls.journal.entries();
  const filter = readJournalFilter(ctx.query);
  const { operations, callers } = journalChoices(all);
  const found = filterJournal(all, filter);
  const { shown, nav } = paginate(ctx, found, ENTRIES_PER_PAGE, 'Journal pages');
  const option = (value: string, current: string, text = value) => html`<option value="${value}"${value === current ? html` selected` : ''}>${text}</option>`;
  return html`<form method="get" action="${ui('/journal')}" class="filters" role="search" aria-label="Filter the journal">
<div><label for="journal-operation">Operation</label><select id="journal-operation" name="operation">${option('', filter.operation, 'any')}${operations.map((o) => option(o, filter.operation))}</select></div>
<div><label for="journal-caller">Caller</label><select id="journal-caller" name="caller">${option('', filter.caller, 'anyone')}${callers.map((c) => option(c, filter.caller))}</select></div>
<div><label for="journal-outcome">Outcome</label><select id="journal-outcome" name="outcome">${option('', filter.outcome, 'any')}${option('ok', filter.outcome)}${option('error', filter.outcome)}</select></div>
<button type="submit">Filter</button>
</form>
<section aria-labelledby="journal-heading" id="journal" data-live>
<h2 id="journal-heading">Calls <span class="muted">(${found.length} of ${all.length})</span></h2>
${found.length === 0
    ? html`<p class="muted">${all.length === 0 ? 'No calls yet.' : 'No call matches these filters.'}</p>`
    : html`<div class="table-wrap"><table><caption class="muted">Newest first; open a call for its request and answer</caption>
<thead><tr><th scope="col">#</th><th scope="col">At</th><th scope="col">Operation</th><th scope="col">Caller</th><th scope="col">Elevated</th><th scope="col">Outcome</th><th scope="col">Latency</th></tr></thead>
${shown.map(entryRows)}</table></div>${nav}`}
</section>`;
}

/** Whose eyes the journal shows: nobody's on Wix — it is the emulator's record of every call. */
export function journalEyes(): Markup {
  return html`Seen by you as the developer: every call any caller made to the emulated Wix APIs, as the emulator recorded it.`;
}

function entryRows(entry: JournalEntry): Markup {
  const failed = entry.outcome === 'error';
  const error = entry.error ? [entry.error.status, entry.error.code].filter((p) => p !== undefined).join(' ') : '';
  // A bounded journal may drop the copies of older calls: their request and answer are then absent.
  const args: unknown = (entry as { args?: unknown }).args;
  const kept = args !== undefined;
  const answer = !kept ? NOT_KEPT : failed ? printable(entry.error) : entry.result === undefined ? '(no value)' : printable(entry.result);
  return html`<tbody data-seq="${entry.seq}"><tr data-operation="${entry.operation}" data-outcome="${entry.outcome}"><td class="num">${entry.seq}</td><td class="when">${shortTime(entry.at)}</td><td><code>${entry.operation}</code></td>
<td>${describeCaller(entry.caller)}</td><td>${entry.elevated ? 'yes' : 'no'}</td>
<td${failed ? html` class="error-text"` : ''}>${failed ? `error ${error}${entry.applied ? ' (applied)' : ''}` : 'ok'}</td><td class="num">${entry.latencyMs} ms</td></tr>
<tr class="detail"><td colspan="7"><details id="call-${entry.seq}"><summary>Request and answer of call ${entry.seq}</summary>
<div class="call"><div><h3>Request</h3><pre>${kept ? printable(args) : NOT_KEPT}</pre></div><div><h3>${failed ? 'Error' : 'Answer'}</h3><pre>${answer}</pre></div></div>
</details></td></tr></tbody>`;
}

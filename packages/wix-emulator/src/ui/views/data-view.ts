import { html } from 'hono/html';
import { ui } from '../paths';
import { dataSources, parseSource, recordId, recordsOf, searchRecords, sourceKey, type DataSource, type StoredRecord } from '../data-model';
import { kept, paginate, postForm, searchForm } from './form-kit';
import { type Markup, type ViewContext } from './layout';

const RECORDS_PER_PAGE = 20;

/**
 * The data browser: contacts, members and every wix-data collection as the site stores them, searchable, a page at
 * a time; `?edit=<_id>` opens one record as JSON to change and save (the site loads the changed state, so what is
 * saved is what its services accept). Collection items can also be added and removed, as rows in the CMS.
 */
export function dataPage(ctx: ViewContext): Markup {
  const state = ctx.local.site.exportState();
  const sources = dataSources(state);
  const key = ctx.query.get('source') ?? 'contacts';
  const source = parseSource(key);
  const records = source ? recordsOf(state, source) : undefined;
  return html`<nav aria-label="Data sources" class="sources"><ul>${sources.map(
    (s) => html`<li><a href="${ui('/data')}?source=${encodeURIComponent(s.key)}"${s.key === key ? html` aria-current="page"` : ''}>${s.label} <span class="muted">(${s.count})</span></a></li>`,
  )}</ul></nav>
<section aria-labelledby="records-heading" id="records">
${source && records ? browse(ctx, source, records) : html`<h2 id="records-heading">No such data</h2><p class="muted">There is no ${key} on this site.</p>`}
</section>`;
}

/** Whose eyes the data browser shows: the emulator's, every stored field included. */
export function dataEyes(): Markup {
  return html`Seen by you as the developer: every record as the emulator stores it, whatever the collection's permissions. Edits here are the emulator's, not a Wix call: they are not journalled and fire no events.`;
}

function browse(ctx: ViewContext, source: DataSource, records: readonly StoredRecord[]): Markup {
  const editing = ctx.query.get('edit');
  if (editing !== null) return edit(ctx, source, records, editing);
  const query = ctx.query.get('q') ?? '';
  const found = searchRecords(records, query);
  const { shown, nav } = paginate(ctx, found, RECORDS_PER_PAGE, 'Record pages');
  const label = source.kind === 'collection' ? source.name : source.kind === 'contacts' ? 'Contacts' : 'Members';
  return html`<h2 id="records-heading">${label} <span class="muted">(${query.trim() ? `${found.length} of ${records.length} match “${query.trim()}”` : records.length})</span></h2>
${searchForm(ctx, `Search ${label.toLowerCase()} (any field)`, ['source'])}
${found.length === 0
    ? html`<p class="muted">${records.length === 0 ? 'Nothing stored yet.' : 'Nothing matches.'}</p>`
    : html`<div class="table-wrap"><table><caption class="muted">As stored; open a record to edit it</caption>
<thead><tr><th scope="col">_id</th><th scope="col">Summary</th><th scope="col"><span class="muted">Change</span></th></tr></thead>
<tbody>${shown.map((record) => row(ctx, source, record))}</tbody></table></div>${nav}`}
${source.kind === 'collection' ? addForm(ctx, source) : ''}`;
}

/** A new item typed as JSON, as a row added in the CMS (a collection's only: contacts and members come from the site). */
function addForm(ctx: ViewContext, source: DataSource): Markup {
  const example = JSON.stringify({ _id: 'my-item-1', title: 'An item' }, null, 2);
  return html`<details class="add-item"${ctx.draft?.action === '/data/add' ? html` open` : ''}><summary>Add an item</summary>
${postForm(ctx, '/data/add', html`<input type="hidden" name="source" value="${sourceKey(source)}">
<label for="new-item-json">The new item as JSON, with its _id</label>
<textarea id="new-item-json" name="json" rows="6" spellcheck="false" class="code" required>${kept(ctx, '/data/add', 'json') || example}</textarea>
<button type="submit">Add</button>`, { attributes: html` id="add-item-form"`, busy: 'Adding…' })}</details>`;
}

function row(ctx: ViewContext, source: DataSource, record: StoredRecord): Markup {
  const id = recordId(record);
  const remove = source.kind === 'collection'
    ? postForm(ctx, '/data/remove', html`<input type="hidden" name="source" value="${sourceKey(source)}"><input type="hidden" name="id" value="${id}">
<button type="submit" aria-label="Remove ${id}">Remove</button>`, { key: id, attributes: html` class="inline"` })
    : '';
  return html`<tr data-record="${id}"><td><code>${id}</code></td><td class="summary">${summary(record)}</td>
<td class="actions"><a href="${ui('/data')}?source=${encodeURIComponent(sourceKey(source))}&amp;edit=${encodeURIComponent(id)}" aria-label="Edit ${id}">Edit</a>${remove}</td></tr>`;
}

/** A record's fields in one line, for the list: the first few top-level values, long ones cut. */
function summary(record: StoredRecord): string {
  const parts = Object.entries(record)
    .filter(([key]) => key !== '_id')
    .slice(0, 6)
    .map(([key, value]) => `${key}: ${short(value)}`);
  return parts.join(' · ');
}

function short(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

function edit(ctx: ViewContext, source: DataSource, records: readonly StoredRecord[], id: string): Markup {
  const record = records.find((r) => recordId(r) === id);
  const back = html`<a href="${ui('/data')}?source=${encodeURIComponent(sourceKey(source))}">${sourceKey(source)}</a>`;
  if (!record) return html`<h2 id="records-heading">${back} › ${id}</h2><p class="muted">No record ${id} here (it may have been removed).</p>`;
  const json = kept(ctx, '/data/save', 'json', id) || JSON.stringify(record, null, 2);
  return html`<h2 id="records-heading">${back} › <code>${id}</code></h2>
${postForm(ctx, '/data/save', html`<input type="hidden" name="source" value="${sourceKey(source)}">
<input type="hidden" name="id" value="${id}">
<label for="record-json">The record as JSON (Dates as <code>{ "$date": ISO }</code> in collections)</label>
<textarea id="record-json" name="json" rows="18" spellcheck="false" class="code">${json}</textarea>
<button type="submit">Save</button>`, { key: id, attributes: html` id="record-form"`, busy: 'Saving…' })}`;
}

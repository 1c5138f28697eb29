import { html } from 'hono/html';
import { draftFor } from '../draft';
import { ui } from '../paths';
import { here, type Markup, type ViewContext } from './layout';

export interface PostFormOptions {
  /** Tells apart forms sharing one action (the conversation of a reply form): whose kept input this form shows. */
  readonly key?: string;
  /** Attributes of the form element itself (`aria-labelledby`, `id`), as markup. */
  readonly attributes?: Markup;
  /** What the progress line says while the server works (a send that retries can take seconds). */
  readonly busy?: string;
  readonly multipart?: boolean;
}

/**
 * A form that posts to a UI action, carrying what makes it safe: a fresh token (the server acts on it once, so a
 * double click or a replayed POST does nothing twice), the view to come back to, and — when its last submission
 * failed — the error beside it (the fields show what was typed through `kept`).
 */
export function postForm(ctx: ViewContext, action: string, body: Markup, options: PostFormOptions = {}): Markup {
  const draft = draftFor(ctx.draft, action, options.key);
  return html`<form method="post" action="${ui(action)}"${options.multipart ? html` enctype="multipart/form-data"` : ''} data-busy="${options.busy ?? 'Working…'}"${options.attributes ?? ''}>
<input type="hidden" name="formToken" value="${globalThis.crypto.randomUUID()}">
<input type="hidden" name="return" value="${here(ctx)}">
${draft?.error === undefined ? '' : html`<p class="field-error" role="alert">${draft.error}</p>`}${body}
</form>`;
}

/** What the person typed into this field before the form's last submission failed; empty otherwise. */
export function kept(ctx: ViewContext, action: string, name: string, key?: string): string {
  return draftFor(ctx.draft, action, key)?.values[name] ?? '';
}

/** What this form's last action answered (`Notice.answer`), shown beside it; undefined when it has not answered. */
export function answered(ctx: ViewContext, action: string, key?: string): string | undefined {
  return draftFor(ctx.draft, action, key)?.answer;
}

/** A page of a list: which items to show and the links to the neighbouring pages (keeping the view's filters). */
export function paginate<T>(ctx: ViewContext, items: readonly T[], pageSize: number, label: string): { shown: T[]; nav: Markup; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / pageSize));
  const asked = Number(ctx.query.get('page') ?? '1');
  const page = Number.isInteger(asked) && asked >= 1 ? Math.min(asked, pages) : 1;
  const shown = items.slice((page - 1) * pageSize, page * pageSize);
  const link = (to: number, text: string, rel: string) => {
    const query = new URLSearchParams(ctx.query);
    query.set('page', String(to));
    return html`<a href="${ui(ctx.path)}?${query.toString()}" rel="${rel}">${text}</a>`;
  };
  const nav = pages === 1
    ? html``
    : html`<nav class="pager" aria-label="${label}">${page > 1 ? link(page - 1, '← Previous', 'prev') : ''}<span>Page ${page} of ${pages}</span>${page < pages ? link(page + 1, 'Next →', 'next') : ''}</nav>`;
  return { shown, nav, page, pages };
}

/** A search box (GET) that keeps the view's other filters. */
export function searchForm(ctx: ViewContext, label: string, keep: readonly string[] = []): Markup {
  const id = `search-${ctx.path.slice(1) || 'site'}`;
  return html`<form method="get" action="${ui(ctx.path)}" class="search" role="search">
${keep.map((name) => (ctx.query.get(name) ? html`<input type="hidden" name="${name}" value="${ctx.query.get(name) ?? ''}">` : ''))}
<label for="${id}">${label}</label>
<input type="search" id="${id}" name="q" value="${ctx.query.get('q') ?? ''}">
<button type="submit">Search</button>
</form>`;
}

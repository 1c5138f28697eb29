/**
 * The UI's only two static files, served from memory (no network, no build step). The script is the whole of the
 * client: it marks a posted form as sending (a second submission of it does nothing; a progress line counts the
 * seconds until the answer), puts a view re-rendered by a refused POST back at its own address, and keeps the
 * `[data-live]` regions of the open view current by polling the version and, when it changed, fetching the same view
 * again and swapping those regions in (the version's URL is on the page: `data-version-url`) — except a region the
 * user is typing in or sending from.
 */
export const LIVE_SCRIPT = `(() => {
  'use strict';
  const root = document.documentElement;
  // A view rendered in answer to a refused POST: its address is the view's own, so a reload or a refresh GETs it.
  if (root.dataset.here && location.pathname + location.search !== root.dataset.here) history.replaceState(null, '', root.dataset.here);

  // One submission per form: a second click while the first is on its way does nothing (the server's form token
  // stops what slips through), and the form says it is working, with the seconds passed, until the answer arrives.
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || form.method !== 'post') return;
    if (form.dataset.sending) {
      event.preventDefault();
      return;
    }
    form.dataset.sending = 'true';
    form.setAttribute('aria-busy', 'true');
    const started = Date.now();
    const status = document.createElement('p');
    status.className = 'busy';
    status.setAttribute('role', 'status');
    const bar = document.createElement('progress');
    bar.setAttribute('aria-label', 'Working');
    const words = document.createElement('span');
    status.append(bar, ' ', words);
    const tick = () => { words.textContent = (form.dataset.busy || 'Working…') + ' ' + Math.floor((Date.now() - started) / 1000) + ' s'; };
    tick();
    setInterval(tick, 1000);
    form.append(status);
    // After the browser has read the form: a disabled button's own value would otherwise be left out.
    setTimeout(() => form.querySelectorAll('button[type=submit]').forEach((button) => { button.disabled = true; }));
  }, true);
  // Back from the cache (the browser's Back button): the page is live again.
  window.addEventListener('pageshow', (event) => { if (event.persisted) location.reload(); });

  const regions = () => Array.from(document.querySelectorAll('[data-live][id]'));
  if (regions().length === 0) return;
  const busy = (region) =>
    region.contains(document.activeElement) ||
    region.querySelector('form[data-sending]') !== null ||
    Array.from(region.querySelectorAll('input, textarea')).some((field) => field.value !== field.defaultValue);
  let seen = root.dataset.version;
  let running = false;
  async function refresh() {
    const response = await fetch(location.pathname + location.search, { headers: { 'X-Live': '1' } });
    if (!response.ok) return;
    const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
    for (const region of regions()) {
      const next = fresh.getElementById(region.id);
      if (!next || busy(region) || next.innerHTML === region.innerHTML) continue;
      // What the person opened stays open (a journal call's request and answer).
      const open = Array.from(region.querySelectorAll('details[open][id]')).map((details) => details.id);
      region.innerHTML = next.innerHTML;
      for (const id of open) document.getElementById(id)?.setAttribute('open', '');
    }
  }
  async function poll() {
    if (running) return;
    running = true;
    try {
      const version = await (await fetch(root.dataset.versionUrl, { cache: 'no-store' })).text();
      if (version !== seen) {
        seen = version;
        await refresh();
      }
    } catch (error) {
      // The local server stopped: say so once and stop polling.
      root.dataset.offline = 'true';
      clearInterval(timer);
    } finally {
      running = false;
    }
  }
  const timer = setInterval(poll, 1000);
})();
`;

export const STYLESHEET = `:root { color-scheme: light dark; --line: #8884; --muted: #777; --accent: #116dff; --ok: #1a7f37; --bad: #c62828; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, sans-serif; }
a { color: var(--accent); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px; }
header.top { display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: center; padding: 10px 20px; border-bottom: 1px solid var(--line); }
header.top .brand { font-weight: 600; margin: 0; }
nav ul { display: flex; gap: 16px; list-style: none; margin: 0; padding: 0; }
nav a[aria-current="page"] { font-weight: 600; text-decoration: none; border-bottom: 2px solid var(--accent); }
form.who { margin-left: auto; display: flex; gap: 6px; align-items: center; }
main { padding: 12px 20px 40px; max-width: 1200px; }
h1 { font-size: 1.4rem; margin: 8px 0; } h2 { font-size: 1.1rem; margin: 20px 0 8px; } h3 { font-size: 1rem; margin: 0 0 4px; }
section, article { margin-bottom: 16px; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(340px, 100%), 1fr)); gap: 0 24px; }
.notice { padding: 8px 12px; border-radius: 6px; border: 1px solid var(--line); margin: 8px 0; white-space: pre-wrap; }
.notice.ok { border-color: var(--ok); } .notice.error { border-color: var(--bad); }
.muted, .element-id { color: var(--muted); font-size: 0.85em; }
.element { border: 1px dashed var(--line); border-radius: 6px; padding: 8px 10px; margin: 8px 0; }
.element-id { margin: 0 0 4px; font-family: ui-monospace, monospace; }
fieldset { border: 1px solid var(--line); border-radius: 6px; }
label { display: block; margin: 6px 0 2px; }
input[type=text], input[type=email], input[type=number], textarea, select { font: inherit; padding: 4px 6px; max-width: 100%; }
input[type=text], input[type=email], textarea { width: 100%; }
textarea { min-height: 3.5em; }
button { font: inherit; padding: 4px 12px; margin-top: 6px; cursor: pointer; }
.conversation { border: 1px solid var(--line); border-radius: 8px; padding: 6px 12px; margin-bottom: 8px; }
.conversation h3 { margin: 0; } .conversation .meta, .conversation .more { margin: 0; } .merge-chain p { margin: 2px 0 0; }
.badge { display: inline-block; font-size: 0.78em; padding: 0 6px; border-radius: 8px; border: 1px solid var(--line); margin-right: 4px; }
.badge.member { border-color: var(--accent); } .badge.detached { border-color: var(--bad); }
ol.chain { display: flex; flex-wrap: wrap; gap: 4px; list-style: none; padding: 0; margin: 4px 0 8px; }
ol.chain li:not(:last-child)::after { content: " →"; color: var(--muted); }
ol.messages { list-style: none; padding: 0; margin: 6px 0; }
ol.messages li { border-left: 3px solid var(--line); padding: 2px 8px; margin: 6px 0; }
ol.messages li.to-business { border-left-color: var(--ok); }
ol.messages li.to-participant { border-left-color: var(--accent); }
ol.messages .text { white-space: pre-wrap; margin: 2px 0; }
.inline-forms { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.when { white-space: nowrap; }
.error-text { color: var(--bad); }
progress { width: 200px; max-width: 100%; }
.eyes { margin: 0 0 8px; padding: 4px 10px; border-left: 3px solid var(--accent); font-size: 0.9em; }
.field-error { color: var(--bad); margin: 4px 0; }
.busy { color: var(--muted); margin: 6px 0; } .busy progress { width: 120px; vertical-align: middle; }
form[aria-busy="true"] button { cursor: progress; }
.table-wrap { overflow-x: auto; max-width: 100%; }
.pager { display: flex; gap: 16px; align-items: center; margin: 8px 0; }
.search, .filters { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: flex-end; margin: 8px 0; }
.search label, .filters label { margin: 0; } .search input[type=search] { width: 16em; max-width: 100%; }
.search button, .filters button { margin-top: 0; }
.sources ul { display: flex; flex-wrap: wrap; gap: 6px 16px; list-style: none; padding: 0; margin: 8px 0; }
.sources a[aria-current="page"] { font-weight: 600; }
.call { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(320px, 100%), 1fr)); gap: 8px 16px; }
pre, textarea.code { font: 0.85em/1.4 ui-monospace, monospace; white-space: pre-wrap; word-break: break-word; margin: 0; }
tr.detail td { border-bottom: 1px solid var(--line); padding-top: 0; }
tr.detail summary { color: var(--muted); font-size: 0.85em; cursor: pointer; }
td.to, td.summary { word-break: break-word; }
td.actions { white-space: nowrap; } form.inline { display: inline; margin-left: 8px; } form.inline button { margin-top: 0; padding: 0 8px; }
form.page-switch { display: flex; flex-wrap: wrap; gap: 6px 8px; align-items: center; margin: 4px 0; }
form.page-switch label { margin: 0; } form.page-switch select { flex: 0 1 28em; min-width: 0; } form.page-switch button { margin-top: 0; }
.page-failed { border: 1px solid var(--bad); border-radius: 6px; padding: 4px 12px; margin: 8px 0; word-break: break-word; }
.site-function { border: 1px solid var(--line); border-radius: 6px; padding: 4px 12px; margin: 8px 0; }
.answer { border-left: 3px solid var(--ok); padding: 4px 10px; margin: 6px 0; } .answer.error { border-left-color: var(--bad); }
details.add-item { margin: 12px 0; } details.add-item summary { cursor: pointer; }
details.act-as summary { color: var(--muted); font-size: 0.85em; cursor: pointer; margin-top: 2px; }
form.reply label { margin: 2px 0 0; font-size: 0.9em; }
form.reply .row { display: flex; gap: 8px; align-items: flex-start; }
form.reply textarea { min-height: 2.2em; flex: 1 1 auto; } form.reply button { margin-top: 0; white-space: nowrap; }
.conversation .messages { max-height: 24em; overflow-y: auto; } .conversation.whole .messages { max-height: none; }
@media (max-width: 600px) {
  header.top { padding: 8px 10px; }
  form.who { margin-left: 0; flex-wrap: wrap; width: 100%; }
  form.who select { flex: 1 1 10em; min-width: 0; }
  main { padding: 8px 10px 32px; }
  .inline-forms { grid-template-columns: 1fr; }
  nav ul { flex-wrap: wrap; gap: 4px 12px; }
}
`;

import { html } from 'hono/html';
import { jobKey, webModuleListings, type SiteFunction, type WebModuleListing } from '../backend-actions';
import type { ScheduledJob } from '../../site-repo/jobs-config';
import { answered, kept, postForm } from './form-kit';
import { whoYouAre, type Markup, type ViewContext } from './layout';

export const CALL_ACTION = '/backend/call';
export const RUN_JOB_ACTION = '/backend/run-job';

/**
 * The backend view's generic actions on the site repo: every exported web method, called as you with JSON arguments,
 * and every job of jobs.config, run now. Nothing site-specific: what is listed is what the repo has.
 */
export function siteFunctions(ctx: ViewContext): Markup {
  const { repo } = ctx.local;
  if (!repo) {
    return html`<section aria-labelledby="web-methods-heading" id="web-methods"><h2 id="web-methods-heading">Web methods and jobs</h2>
<p class="muted">Listed when the UI runs a site repo (<code>wix-emulator --site &lt;repo&gt;</code>); this one runs a tree of sources.</p></section>`;
  }
  const listings = webModuleListings(repo);
  let jobs: ScheduledJob[] = [];
  let jobsError: string | undefined;
  try {
    jobs = repo.jobs();
  } catch (error) {
    jobsError = error instanceof Error ? error.message : String(error);
  }
  return html`<section aria-labelledby="web-methods-heading" id="web-methods">
<h2 id="web-methods-heading">Web methods</h2>
<p class="muted">Each exported function of the site's web modules (<code>backend/*.web.js</code>, <code>.jsw</code>), called as page code calls it: as you (${whoYouAre(ctx)}), its permission deciding, the arguments and the answer crossing as JSON.</p>
${listings.length === 0 ? html`<p class="muted">The site has no web modules.</p>` : listings.map((listing) => webModule(ctx, listing))}
</section>
<section aria-labelledby="jobs-heading" id="jobs">
<h2 id="jobs-heading">Scheduled jobs</h2>
<p class="muted">The jobs of <code>backend/jobs.config</code>, run now as Wix's scheduler runs them: as the system, with no visitor's session.</p>
${jobsError !== undefined
    ? html`<p class="page-failed" role="alert">${jobsError}</p>`
    : jobs.length === 0
      ? html`<p class="muted">The site has no jobs.config, or no jobs in it.</p>`
      : jobs.map((job) => jobForm(ctx, job))}
</section>`;
}

function webModule(ctx: ViewContext, listing: WebModuleListing): Markup {
  if ('failed' in listing) {
    return html`<div class="site-function"><h3><code>${listing.module}</code> <span class="muted">(${listing.file})</span></h3>
<div class="page-failed" role="alert"><p><strong>${listing.failed.code}</strong></p><p>${listing.failed.message}</p></div></div>`;
  }
  if (listing.functions.length === 0) {
    return html`<div class="site-function"><h3><code>${listing.module}</code> <span class="muted">(${listing.file})</span></h3><p class="muted">Exports no web method.</p></div>`;
  }
  return html`${listing.functions.map((fn) => callForm(ctx, fn))}`;
}

function callForm(ctx: ViewContext, fn: SiteFunction): Markup {
  const key = `${fn.module}#${fn.name}`;
  const id = domId('call', key);
  const answer = answered(ctx, CALL_ACTION, key);
  const failed = ctx.draft?.action === CALL_ACTION && ctx.draft.key === key && ctx.draft.error !== undefined;
  return html`<div class="site-function" id="${id}">
<h3><code>${fn.name}</code> <span class="muted">of ${fn.module} · ${fn.permission === 'permissions.json' ? 'permissions.json decides' : `Permissions.${fn.permission}`} · journal: ${fn.operation}</span></h3>
${postForm(ctx, CALL_ACTION, html`<input type="hidden" name="module" value="${fn.module}"><input type="hidden" name="name" value="${fn.name}">
<label for="${id}-args">Arguments to ${fn.name} (a JSON array)</label>
<textarea class="code" id="${id}-args" name="args" rows="1">${kept(ctx, CALL_ACTION, 'args', key) || '[]'}</textarea>
<button type="submit">Call ${fn.name}</button>`, { key, busy: `Calling ${fn.name}…` })}
${answer === undefined ? '' : html`<div class="answer${failed ? ' error' : ''}"><p class="muted">Answer of the last call:</p><pre id="${id}-answer">${answer}</pre></div>`}
</div>`;
}

function jobForm(ctx: ViewContext, job: ScheduledJob): Markup {
  const key = jobKey(job);
  const id = domId('job', key);
  const answer = answered(ctx, RUN_JOB_ACTION, key);
  const failed = ctx.draft?.action === RUN_JOB_ACTION && ctx.draft.key === key && ctx.draft.error !== undefined;
  return html`<div class="site-function" id="${id}">
<h3><code>${job.functionName}</code> <span class="muted">of ${job.functionLocation}${job.cronExpression ? ` · cron ${job.cronExpression}` : ''}</span></h3>
${job.description ? html`<p>${job.description}</p>` : ''}
${postForm(ctx, RUN_JOB_ACTION, html`<input type="hidden" name="job" value="${key}"><button type="submit">Run ${job.functionName} now</button>`, { key, busy: `Running ${job.functionName}…` })}
${answer === undefined ? '' : html`<div class="answer${failed ? ' error' : ''}"><p class="muted">Outcome of the last run:</p><pre id="${id}-answer">${answer}</pre></div>`}
</div>`;
}

/** An element ID from a key (`backend/orders.web#orderLoaf` → `call-backend-orders-web-orderLoaf`): tests and anchors find it. */
function domId(prefix: string, key: string): string {
  return `${prefix}-${key.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '')}`;
}

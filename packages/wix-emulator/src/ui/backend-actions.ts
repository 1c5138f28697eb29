import type { JournalEntry } from '../index';
import { webMethodPermission } from '../kernel/rpc';
import type { SiteRepo } from '../site-repo';
import { isSiteRepoError } from '../site-repo/errors';
import { jobModule, type ScheduledJob } from '../site-repo/jobs-config';
import type { BrowserSession, Notice } from './browser-session';
import type { LocalSite } from './local-site';
import { describeFailure } from './local-site';
import { UiRequestError } from './ui-error';

/**
 * The backend view's generic actions on any site repo, from what the loader knows of it: call an exported web method
 * of its web modules as the browser's identity (as the page's call crosses to the backend, so the method's permission
 * decides), and run a job of its jobs.config now (as Wix's scheduler runs it). Each runs in the site's one queue.
 */

/** One callable function of a web module: `orderLoaf` of `backend/orders.web`, with what decides who may call it. */
export interface SiteFunction {
  readonly module: string;
  readonly name: string;
  /** The journal's name for its calls, which a fault may target: `webMethod.orderLoaf`, `jsw.openingHours`. */
  readonly operation: string;
  /** `Admin` (from `webMethod(Permissions.Admin, …)`), or `permissions.json` for a `.jsw` function. */
  readonly permission: string;
}

/** A web module and its functions, or the typed reason it did not load (its code is shown the error, in place). */
export type WebModuleListing =
  | { readonly module: string; readonly file: string; readonly functions: readonly SiteFunction[] }
  | { readonly module: string; readonly file: string; readonly failed: { readonly code: string; readonly message: string } };

/**
 * The site's web modules and their functions. Loading a module runs its top-level code once per site, as Wix does on
 * the first call; a module that fails to load is listed with its error, and the others still are.
 */
export function webModuleListings(repo: SiteRepo): WebModuleListing[] {
  return repo.webModules().map(({ specifier, file, kind }) => {
    try {
      const exposed = repo.webModule(specifier);
      const functions = Object.keys(exposed).map((name) => ({
        module: specifier,
        name,
        operation: `${kind === 'web' ? 'webMethod' : 'jsw'}.${name}`,
        permission: kind === 'web' ? (webMethodPermission(exposed[name]) ?? 'unknown') : 'permissions.json',
      }));
      return { module: specifier, file, functions };
    } catch (error) {
      const code = isSiteRepoError(error) ? error.code : 'MODULE_FAILED';
      return { module: specifier, file, failed: { code, message: error instanceof Error ? error.message : String(error) } };
    }
  });
}

/** The names of every function the site's web modules export: what a fault may target before the first call. */
export function webMethodNames(repo: SiteRepo | undefined): string[] {
  if (!repo) return [];
  return webModuleListings(repo).flatMap((listing) => ('functions' in listing ? listing.functions.map((f) => f.name) : []));
}

/** A job's key in the backend view's form: its file and function, as jobs.config names them. */
export function jobKey(job: ScheduledJob): string {
  return `${job.functionLocation}#${job.functionName}`;
}

/**
 * Calls a web method as this browser's identity, with arguments given as a JSON array, and answers with what the page
 * would get — the result as JSON, or the error — beside the form, the arguments kept. A refusal by the method's
 * permission is the site's answer (shown with its status and code from the journal), not a refused form.
 */
export async function callWebMethod(local: LocalSite, session: BrowserSession, module: string, name: string, argsJson: string): Promise<Notice> {
  const repo = requireRepo(local);
  const listing = webModuleListings(repo).find((l) => l.module === module);
  if (!listing) throw new UiRequestError('NOT_FOUND', `The site has no web module ${module}.`);
  if ('failed' in listing) throw new UiRequestError('INVALID_INPUT', `${module} did not load (${listing.failed.code}): ${listing.failed.message}`);
  const target = listing.functions.find((f) => f.name === name);
  if (!target) throw new UiRequestError('NOT_FOUND', `${module} exports no web method ${name}.`);
  const args = parseArguments(argsJson);
  return local.run(async () => {
    const startSeq = local.site.journal.last()?.seq ?? 0;
    const fn = repo.webModule(module)[name] as (...a: unknown[]) => Promise<unknown>;
    // Read when the action runs: an identity switch queued before it has happened by now.
    const caller = session.caller;
    try {
      const result = await local.site.as(caller, () => fn(...args));
      await local.controls.settle();
      return { tone: 'ok', text: `${name} answered (${describeCaller(session)}).`, answer: answerText(result) };
    } catch (error) {
      await local.controls.settle().catch(() => undefined);
      const entry = lastCall(local, target.operation, startSeq);
      const typed = entry?.error ? [entry.error.status, entry.error.code].filter((p) => p !== undefined).join(' ') : '';
      const message = error instanceof Error ? error.message : String(error);
      return {
        tone: 'error',
        text: `${name} failed (${describeCaller(session)}): ${typed ? `${typed} — ` : ''}${message}`,
        answer: `${typed ? `${typed}\n` : ''}The page gets: Error: ${message}`,
      };
    }
  });
}

/** Runs a job of jobs.config now, as Wix's scheduler does (a system caller, no session), and answers with its outcome. */
export async function runSiteJob(local: LocalSite, key: string): Promise<Notice> {
  const repo = requireRepo(local);
  const job = repo.jobs().find((j) => jobKey(j) === key);
  if (!job) throw new UiRequestError('NOT_FOUND', `jobs.config has no job ${key}.`);
  return local.run(async () => {
    const started = local.controls.clock.nowMs();
    try {
      const result = await repo.runJob(job.functionName, job.functionLocation);
      await local.controls.settle();
      return { tone: 'ok', text: `Job ${job.functionName} (${jobModule(job)}) ran, as Wix's scheduler runs it.`, answer: answerText(result) };
    } catch (error) {
      await local.controls.settle().catch(() => undefined);
      return { tone: 'error', text: `Job ${job.functionName} failed: ${describeFailure(error)}`, answer: `${describeFailure(error)}\n(after ${local.controls.clock.nowMs() - started} ms of emulated time)` };
    }
  });
}

/** Arguments as the page passes them: a JSON array (`["rye", 2]`); empty means none. */
function parseArguments(json: string): unknown[] {
  if (json.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new UiRequestError('INVALID_INPUT', `The arguments are not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new UiRequestError('INVALID_INPUT', 'The arguments are a JSON array, one value per parameter: ["rye"], or [] for none.');
  return parsed;
}

function answerText(result: unknown): string {
  return result === undefined ? 'undefined (no value returned)' : JSON.stringify(result, null, 2);
}

function describeCaller(session: BrowserSession): string {
  const identity = session.identity;
  if (identity.kind === 'owner') return 'as the site owner';
  if (identity.kind === 'member') return `as member ${identity.memberId}`;
  return `as anonymous visitor ${session.visitorId}`;
}

/** This call's journal entry: the status and code the page never sees (it gets the message only). */
function lastCall(local: LocalSite, operation: string, afterSeq: number): JournalEntry | undefined {
  return local.site.journal.entries((e) => e.operation === operation && e.seq > afterSeq).at(-1);
}

function requireRepo(local: LocalSite): SiteRepo {
  if (!local.repo) throw new UiRequestError('NOT_FOUND', 'Web methods and jobs are listed for a site repo (wix-emulator --site <repo>); this UI runs a tree of sources.');
  return local.repo;
}

import { SiteRepoError } from './errors';
import { readJsonc } from './jsonc';

/** One scheduled job of `backend/jobs.config`: the function Wix's scheduler calls. */
export interface ScheduledJob {
  /** Path under backend/ as Wix writes it: `/cleanup.js` (leading slash), or `cleanup.js`. */
  readonly functionLocation: string;
  readonly functionName: string;
  readonly description?: string;
  readonly cronExpression?: string;
}

/**
 * `backend/jobs.config` is JSON with comments: the editor's template starts with `// /backend/jobs.config` and
 * comments the `jobs` array (dev.wix.com "Scheduling Recurring Jobs"; wix-code-docs getting-started/schedule-jobs.md).
 * Read with jsonc-parser (jsonc.ts: trailing commas refused, as a build that edits the file must refuse them too).
 */
export function readJobsConfig(text: string, file: string): ScheduledJob[] {
  const config = readJsonc(text, ({ kind, line, column }) => new SiteRepoError('JOBS_CONFIG_INVALID', `${file}:${line}:${column}: not valid JSON with comments (${kind})`));
  const jobs = (config as { jobs?: unknown } | null)?.jobs;
  if (!Array.isArray(jobs)) throw new SiteRepoError('JOBS_CONFIG_INVALID', `${file}: has no "jobs" array`);
  return jobs.map((job: unknown, index) => {
    const { functionLocation, functionName, description, executionConfig } = (job ?? {}) as Record<string, unknown>;
    if (typeof functionLocation !== 'string' || typeof functionName !== 'string') {
      throw new SiteRepoError('JOBS_CONFIG_INVALID', `${file}: jobs[${index}] needs "functionLocation" and "functionName" strings`);
    }
    const cron = (executionConfig as { cronExpression?: unknown } | undefined)?.cronExpression;
    return {
      functionLocation,
      functionName,
      ...(typeof description === 'string' ? { description } : {}),
      ...(typeof cron === 'string' ? { cronExpression: cron } : {}),
    };
  });
}

/** The backend module specifier of a job's `functionLocation`: `/cleanup.js` → `backend/cleanup`. */
export function jobModule(job: ScheduledJob): string {
  return `backend/${job.functionLocation.replace(/^\/+/, '').replace(/\.js$/, '')}`;
}

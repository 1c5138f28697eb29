import { parse } from 'jsonc-parser';
import { mergeDependencies, mergeJobs, mergePermissions } from '../../scripts/build/json-merges';
import { minimalSite, siteRepo, type SiteRepo } from '../support/site-repo';

// Tests here build velo-inbox into a site (transpiling all of src/): seconds each on a busy machine.
jest.setTimeout(60_000);

// Issue 16: a jobs.config as Wix's editor writes it carries `//` comments; the build stopped ("not a plain JSON
// object"), printed an entry to add by hand, and stopped again after it was added. JSON files were re-serialised whole.

/** jobs.config as the Wix editor creates it: comments before, inside and after the list. */
const WIX_JOBS_CONFIG = `// /backend/jobs.config
{
  "jobs": [ // Define up to 20 different jobs
    // Choose one of the options below to define the job execution interval:
    {
      // Option 1 - Define execution interval using a cron expression
      "functionLocation": "/module/filename.js", // Relative to Backend folder, started by slash
      "functionName": "funcName",
      "description": "Job description", // Optional
      "executionConfig": {
        "cronExpression": "0 8 * * *" // Set the execution interval to every day at 8:00 AM
      }
    }
  ]
}
`;
const OUR_JOB = { functionLocation: '/inbox-jobs.js', functionName: 'drainInboxOutbox', executionConfig: { cronExpression: '0 * * * *' } };

/** Every `//` and block comment of a JSON-with-comments text, trimmed. */
const comments = (text: string) => [...text.matchAll(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g)].map((m) => m[0].trim());

let site: SiteRepo | undefined;
afterEach(() => site?.remove());

describe("the build edits the site's JSON files in place", () => {
  it("builds a site whose jobs.config is Wix's commented template, keeping every comment and the site's job", () => {
    site = siteRepo(minimalSite({ 'src/backend/jobs.config': WIX_JOBS_CONFIG }));

    site.build();
    const jobs = site.read('src/backend/jobs.config');

    expect(comments(jobs)).toEqual(comments(WIX_JOBS_CONFIG));
    expect((parse(jobs) as { jobs: { functionName: string }[] }).jobs.map((j) => j.functionName)).toEqual(['funcName', 'drainInboxOutbox']);
    expect(jobs.startsWith(WIX_JOBS_CONFIG.slice(0, WIX_JOBS_CONFIG.indexOf('    }\n  ]')))).toBe(true);
    site.build();
    expect(site.read('src/backend/jobs.config')).toBe(jobs);
  });

  it('replaces only its own job when its definition changed, and leaves the text alone when nothing did', () => {
    const once = mergeJobs(WIX_JOBS_CONFIG, [OUR_JOB]);
    const changed = mergeJobs(once, [{ ...OUR_JOB, executionConfig: { cronExpression: '30 * * * *' } }]);

    expect(mergeJobs(once, [OUR_JOB])).toBe(once);
    expect(changed.replace('30 * * * *', '0 * * * *')).toBe(once);
  });

  it("keeps a CRLF jobs.config's line endings, and a tab-indented one's tabs", () => {
    const crlf = mergeJobs(WIX_JOBS_CONFIG.replace(/\n/g, '\r\n'), [OUR_JOB]);
    const tabs = mergeJobs(WIX_JOBS_CONFIG.replace(/^( {2})+/gm, (s) => '\t'.repeat(s.length / 2)), [OUR_JOB]);

    expect(crlf.split('\n').every((line, i, all) => i === all.length - 1 || line.endsWith('\r'))).toBe(true);
    expect(tabs).toMatch(/\n\t\t{\n\t\t\t"functionLocation": "\/inbox-jobs\.js"/);
  });

  it("adds velo-inbox's permissions entry to a commented permissions.json without touching the rest", () => {
    const permissions = `{\n  // who may call the site's .jsw modules\n  "web-methods": {\n    "backend/legacy.jsw": { "ping": { "anonymous": { "invoke": true } } } // the shop's\n  }\n}`;

    const merged = mergePermissions(permissions, 'backend/inbox.jsw', { '*': { siteOwner: { invoke: true } } });

    expect(comments(merged)).toEqual(comments(permissions));
    expect(merged.startsWith(permissions.slice(0, permissions.indexOf(' // the shop')))).toBe(true);
    expect(Object.keys((parse(merged) as { 'web-methods': object })['web-methods'])).toEqual(['backend/legacy.jsw', 'backend/inbox.jsw']);
  });

  it("adds dependencies to package.json in place: the site's key order, indentation and missing final newline stay", () => {
    const pkg = '{\n\t"name": "shop",\n\t"dependencies": {\n\t\t"lodash": "^4.17.21"\n\t},\n\t"private": true\n}';

    const merged = mergeDependencies(pkg, { zod: '^4.0.0' }, {});

    expect(merged.text).toBe('{\n\t"name": "shop",\n\t"dependencies": {\n\t\t"lodash": "^4.17.21",\n\t\t"zod": "^4.0.0"\n\t},\n\t"private": true\n}');
    expect(merged.added).toEqual(['zod']);
  });

  it('names the place of a syntax error in jobs.config instead of guessing', () => {
    expect(() => mergeJobs('{\n  "jobs": [\n    { "functionName": }\n  ]\n}\n', [OUR_JOB])).toThrow(/ValueExpected at line 3, column 23/);
  });
});

import { describe, expect, it } from '@jest/globals';
import { controlsFor } from '../../src';
import { loadPage } from '../../src/pages/load-page';
import { installSiteRepo, SiteRepo, SiteRepoError } from '../../src/site-repo';
import { callers, startSite } from '../../src/testing';
import { writeSiteRepo } from '../support/site-repo-fixture';

const SIGN_UPS = `import wixData from 'wix-data';
export async function recordSignUp(event) {
  await wixData.insert('SignUps', { memberId: event.entity._id, at: new Date() }, { suppressAuth: true });
}
`;

const EVENTS = `import { recordSignUp } from 'backend/sign-ups';
export async function wixMembers_onMemberCreated(event) {
  const { greet } = await import('backend/greetings');
  await recordSignUp(event);
  greet(event.entity._id);
}
export const wixCrm_onFormSubmit = recordSignUp;
`;

const GREETINGS = `export const greeted = [];
export function greet(id) { greeted.push(id); }
`;

function siteWithEvents(files: Record<string, string> = {}) {
  const root = writeSiteRepo({ 'src/backend/events.js': EVENTS, 'src/backend/sign-ups.js': SIGN_UPS, 'src/backend/greetings.js': GREETINGS, ...files });
  const site = startSite({ seed: 3 });
  site.data.defineCollection('SignUps', { permissions: { read: 'Admin', insert: 'Admin', update: 'Admin', remove: 'Admin' } });
  const logged: string[] = [];
  const installed = installSiteRepo(site, root, (line) => logged.push(line));
  return { site, root, logged, ...installed };
}

describe('a site repo loaded as Wix loads it', () => {
  it("calls the site's own events.js handler on a sign-up, with backend/ imports and a dynamic import inside it", async () => {
    const { site, repo } = siteWithEvents();
    const member = controlsFor(site).seed.member({ email: 'ines@example.com', firstName: 'Ines' });
    await site.events.settle();

    expect(site.data.inspectCollection('SignUps').map((i) => i.memberId)).toEqual([member._id]);
    expect(repo.backendModule('backend/greetings').greeted).toEqual([member._id]);
  });

  it('never calls a handler exported in a form Wix does not call, and the journal, the event log and the log say so', async () => {
    const { site, logged, notCalled } = siteWithEvents();
    const why = 'not called by Wix: wixCrm_onFormSubmit (src/backend/events.js:7): re-export';
    expect(notCalled.map((n) => `${n.name}:${n.line}:${n.reason}`)).toEqual(['wixCrm_onFormSubmit:7:re-export']);
    expect(logged).toEqual([why]);

    await controlsFor(site).act.submitForm(callers.visitor('v-1'), { generation: 'wixForms', formName: 'Contact', fields: { email: 'otto@example.com' } });
    await site.events.settle();

    expect(site.data.inspectCollection('SignUps')).toEqual([]);
    expect(site.events.log('wixCrm_onFormSubmit')).toEqual([expect.objectContaining({ handled: false, notCalled: why })]);
    expect(site.journal.entries('events.notCalled').map((e) => e.error?.message)).toEqual([why]);
  });

  it('reports no helper events.js exports beside its handlers, local or supplied by export *; only handlers Wix never calls', () => {
    const { notCalled, logged } = siteWithEvents({
      'src/backend/events.js': `import { recordSignUp } from 'backend/sign-ups';
export * from 'backend/more';
export const formatName = recordSignUp;
export { recordSignUp };
export async function wixMembers_onMemberCreated(event) { await recordSignUp(event); }
`,
      'src/backend/more.js': `export function slugOf(name) { return name.toLowerCase(); }\nexport function wixCrm_onFormSubmit(event) { return event; }\n`,
    });
    expect(notCalled.map((n) => `${n.name}:${n.line}:${n.reason}`)).toEqual(['wixCrm_onFormSubmit:2:re-export']);
    expect(logged).toEqual(['not called by Wix: wixCrm_onFormSubmit (src/backend/events.js:2): re-export']);
  });

  it("runs site code on the emulator's clock: new Date() is the site's now, and a wait moves the clock instead of taking real time", async () => {
    const { site, repo } = siteWithEvents({
      'src/backend/time.js': `export function now() { return new Date(); }\nexport function nowMs() { return Date.now(); }\nexport async function wait(ms) { await new Promise((r) => setTimeout(r, ms)); return new Date(); }\n`,
    });
    const time = repo.backendModule('backend/time') as { now(): Date; nowMs(): number; wait(ms: number): Promise<Date> };
    site.clock.advance(2 * 60 * 60 * 1000);
    expect(time.now().getTime()).toBe(site.clock.nowMs());
    expect(time.nowMs()).toBe(site.clock.nowMs());
    expect(time.now()).toBeInstanceOf(Date);

    const before = site.clock.nowMs();
    const started = Date.now();
    const after = await time.wait(60 * 60 * 1000);
    expect(after.getTime() - before).toBe(60 * 60 * 1000);
    expect(site.clock.nowMs()).toBe(after.getTime());
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('imports Wix would not resolve fail loudly, naming the module and the importing file', () => {
  const load = (text: string, dependencies: Record<string, string> = {}) => {
    const root = writeSiteRepo({ 'src/backend/thing.js': text }, dependencies);
    return () => new SiteRepo({ root, site: startSite() }).backendModule('backend/thing');
  };

  it('a Velo module the emulator does not provide', () => {
    expect(load(`import wixStores from 'wix-stores-backend';\nexport const x = 1;\n`)).toThrow(
      expect.objectContaining({ name: 'SiteRepoError', code: 'MODULE_NOT_PROVIDED', message: expect.stringContaining("src/backend/thing.js: imports Velo module 'wix-stores-backend'") }),
    );
  });

  it("an npm package the site's package.json does not list, even when it is installed", () => {
    expect(load(`import { z } from 'zod';\nexport const x = z.string();\n`)).toThrow(
      expect.objectContaining({ code: 'PACKAGE_NOT_LISTED', message: expect.stringContaining("src/backend/thing.js: imports npm package 'zod'") }),
    );
  });

  it("a listed package loads (from the site's node_modules, else the emulator's own copy)", () => {
    expect(load(`import { z } from 'zod';\nexport const ok = z.string().parse('fine');\n`, { zod: '^4.0.0' })()).toMatchObject({ ok: 'fine' });
  });

  it('a relative import (Wix site code imports its files as backend/… or public/…)', () => {
    expect(load(`import { a } from './other';\nexport const x = a;\n`)).toThrow(expect.objectContaining({ code: 'RELATIVE_IMPORT', message: expect.stringContaining("imports './other'") }));
  });

  it('a backend/ module the site does not have', () => {
    expect(load(`import { a } from 'backend/nowhere';\nexport const x = a;\n`)).toThrow(expect.objectContaining({ code: 'MODULE_NOT_FOUND', message: expect.stringContaining("imports 'backend/nowhere'") }));
  });

  it('every error is a typed SiteRepoError', () => {
    let caught: unknown;
    try {
      load(`import 'wix-nope';\n`)();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SiteRepoError);
  });
});

describe('every loader error names the file as the repo does, never where the repo sits on disk', () => {
  it('a backend file that does not parse is named repo-relative, with its line and column', () => {
    const root = writeSiteRepo({ 'src/backend/events.js': 'export function wixCrm_onFormSubmit(event) {\n  const = 1;\n}\n' });
    expect(() => new SiteRepo({ root, site: startSite() }).eventHandlers()).toThrow(
      expect.objectContaining({ code: 'NOT_VALID_JAVASCRIPT', message: expect.stringMatching(/^src\/backend\/events\.js:2:\d+: not valid JavaScript \(.+\)$/) }),
    );
  });

  it('a page file that does not parse is named repo-relative too', async () => {
    const root = writeSiteRepo({ 'src/pages/Home.c1dmp.js': '$w.onReady(() => {\n' });
    const site = startSite();
    await expect(loadPage(site, { repo: new SiteRepo({ root, site }), modulePath: 'src/pages/Home.c1dmp.js', caller: callers.visitor() })).rejects.toMatchObject({
      code: 'NOT_VALID_JAVASCRIPT',
      message: expect.stringMatching(/^src\/pages\/Home\.c1dmp\.js:\d+:\d+: not valid JavaScript/),
    });
  });

  it.each([
    ['a file that does not parse', { 'src/backend/thing.js': 'export const = 1;\n' }, (repo: SiteRepo) => repo.backendModule('backend/thing')],
    ['a relative import', { 'src/backend/thing.js': "import { a } from './a';\n" }, (repo: SiteRepo) => repo.backendModule('backend/thing')],
    ['an unlisted package', { 'src/backend/thing.js': "import { z } from 'zod';\n" }, (repo: SiteRepo) => repo.backendModule('backend/thing')],
    ['a missing backend module', { 'src/backend/thing.js': "import { a } from 'backend/nowhere';\n" }, (repo: SiteRepo) => repo.backendModule('backend/thing')],
    ['a broken jobs.config', { 'src/backend/jobs.config': '{ "jobs": [,] }' }, (repo: SiteRepo) => repo.jobs()],
    ['a broken permissions.json', { 'src/backend/permissions.json': '{ "web-methods": ' }, (repo: SiteRepo) => repo.permissions()],
  ])('%s', (_what, files: Record<string, string>, use: (repo: SiteRepo) => unknown) => {
    const root = writeSiteRepo(files);
    let caught: unknown;
    try {
      use(new SiteRepo({ root, site: startSite() }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SiteRepoError);
    expect((caught as SiteRepoError).message).toMatch(/^src\/backend\/[\w.]+:/);
    expect((caught as SiteRepoError).message).not.toContain(root);
  });
});

describe('jobs.config is JSON with comments, as the editor writes it', () => {
  const JOBS = `// /backend/jobs.config
{
  "jobs": [ // Define up to 20 different jobs
    // Choose the function and its file
    {
      "functionLocation": "/nightly.js",
      "functionName": "sweep",
      "description": "Sweep", /* every night */
      "executionConfig": { "cronExpression": "0 3 * * *" }
    }
  ]
}
`;

  it('reads the jobs and runs the named function as Wix\'s scheduler does: a system caller without a session', async () => {
    const root = writeSiteRepo({
      'src/backend/jobs.config': JOBS,
      'src/backend/nightly.js': `import { currentMember } from 'wix-members-backend';\nexport const runs = [];\nexport async function sweep() { runs.push(await currentMember.getMember().catch(() => 'no member')); return 'swept'; }\n`,
    });
    const repo = new SiteRepo({ root, site: startSite() });
    expect(repo.jobs()).toEqual([{ functionLocation: '/nightly.js', functionName: 'sweep', description: 'Sweep', cronExpression: '0 3 * * *' }]);
    await expect(repo.runJob('sweep')).resolves.toBe('swept');
    expect(repo.backendModule('backend/nightly').runs).toEqual([expect.anything()]);
    expect(JSON.stringify(repo.backendModule('backend/nightly').runs)).not.toMatch(/"_id"/);
    await expect(repo.runJob('other')).rejects.toMatchObject({ code: 'JOB_NOT_FOUND' });
  });

  it('a jobs.config that is not JSON with comments is named with its line', () => {
    const root = writeSiteRepo({ 'src/backend/jobs.config': '{ "jobs": [ { "functionName": } ] }\n' });
    expect(() => new SiteRepo({ root, site: startSite() }).jobs()).toThrow(expect.objectContaining({ code: 'JOBS_CONFIG_INVALID', message: expect.stringContaining('src/backend/jobs.config:1') }));
  });
});

describe('page code runs per page, with only that page\'s elements', () => {
  const PAGE = `import { hello } from 'backend/hello.web';
$w.onReady(async () => {
  $w('#status').text = $w('#missing').length === 0 ? 'no #missing here' : 'found';
  $w('#missing').text = 'ignored';
  try {
    $w('#missing').onClick(() => {});
  } catch (error) {
    $w('#error').text = error.constructor.name;
  }
  $w('#reply').text = await hello().catch((e) => e.message);
});
`;
  const WEB = `import { Permissions, webMethod } from 'wix-web-module';
export const hello = webMethod(Permissions.Admin, async () => 'hello, owner');
`;

  it("gives $w('#missing') an empty selection, as Wix does, and calls web modules with their webMethod permissions", async () => {
    const root = writeSiteRepo({ 'src/pages/Home.c1dmp.js': PAGE, 'src/backend/hello.web.js': WEB });
    const site = startSite();
    const repo = new SiteRepo({ root, site });
    const elements = { '#status': 'Text', '#error': 'Text', '#reply': 'Text' } as const;

    const asVisitor = await loadPage(site, { repo, modulePath: 'src/pages/Home.c1dmp.js', caller: callers.visitor(), elements });
    expect(asVisitor.element('#status').text).toBe('no #missing here');
    expect(asVisitor.element('#error').text).toBe('TypeError');
    expect(asVisitor.element('#reply').text).toMatch(/Forbidden/);

    const asOwner = await loadPage(site, { repo, modulePath: 'src/pages/Home.c1dmp.js', caller: callers.admin(), elements });
    expect(asOwner.element('#reply').text).toBe('hello, owner');
  });

  it('refuses a page import of a backend module that is not a web module', async () => {
    const root = writeSiteRepo({ 'src/pages/Home.c1dmp.js': `import { secret } from 'backend/secret';\n$w.onReady(() => secret);\n`, 'src/backend/secret.js': 'export const secret = 1;\n' });
    const site = startSite();
    await expect(loadPage(site, { repo: new SiteRepo({ root, site }), modulePath: 'src/pages/Home.c1dmp.js', caller: callers.visitor() })).rejects.toMatchObject({
      code: 'NOT_A_WEB_MODULE',
      message: expect.stringContaining("src/pages/Home.c1dmp.js: imports 'backend/secret'"),
    });
  });
});

describe('legacy .jsw web modules and the other files the export rule covers', () => {
  it('calls a .jsw function from page code only as the site\'s permissions.json allows', async () => {
    const root = writeSiteRepo({
      'src/backend/legacy.jsw': 'export async function ping() { return "pong"; }\n',
      'src/backend/permissions.json': JSON.stringify({
        'web-methods': { 'backend/legacy.jsw': { ping: { siteOwner: { invoke: true }, siteMember: { invoke: false }, anonymous: { invoke: false } } } },
      }),
      'src/pages/Old.x1y2z.js': `import { ping } from 'backend/legacy.jsw';\n$w.onReady(async () => { $w('#out').text = await ping().catch((e) => e.message); });\n`,
    });
    const site = startSite();
    const repo = new SiteRepo({ root, site });
    const open = (caller: ReturnType<typeof callers.admin>) => loadPage(site, { repo, modulePath: 'src/pages/Old.x1y2z.js', caller, elements: { '#out': 'Text' } });
    expect((await open(callers.admin())).element('#out').text).toBe('pong');
    expect((await open(callers.visitor())).element('#out').text).toMatch(/Forbidden/);
  });

  it('reports the handlers of data.js and routers.js in forms Wix never calls (hooks and routers themselves are not emulated)', () => {
    const root = writeSiteRepo({
      'src/backend/data.js': `import { hooks } from 'backend/hooks';\nexport function Items_beforeInsert(item) { return item; }\nexport const Items_afterInsert = hooks.afterInsert;\n`,
      'src/backend/routers.js': `import { router } from 'backend/hooks';\nexport const shop_Router = router((request) => request);\n`,
    });
    const logged: string[] = [];
    installSiteRepo(startSite(), root, (line) => logged.push(line));
    expect(logged).toEqual([
      'not called by Wix: Items_afterInsert (src/backend/data.js:3): object-wrapped export',
      'not called by Wix: shop_Router (src/backend/routers.js:2): dynamic export',
    ]);
  });
});

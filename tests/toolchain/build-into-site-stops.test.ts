import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSite } from '../../scripts/build-site';
import { COMPOSED_MARK, mergeEvents } from '../../scripts/build/events-block';
import { BuildStop } from '../../scripts/build/plan';

const repoRoot = join(__dirname, '..', '..');
const fixture = join(__dirname, 'fixtures', 'wix-site');
const HANDLERS = ['wixMembers_onMemberCreated', 'wixCrm_onFormSubmit'];

let site: string;
beforeEach(() => {
  site = join(mkdtempSync(join(tmpdir(), 'wix-site-')), 'my-site');
  cpSync(fixture, site, { recursive: true });
});
afterEach(() => rmSync(join(site, '..'), { recursive: true, force: true }));

const build = (extra: { legacyJsw?: boolean; dryRun?: boolean } = {}) => buildSite({ root: repoRoot, target: site, mode: 'site', ...extra });
const read = (rel: string) => readFileSync(join(site, rel), 'utf8');
const write = (rel: string, text: string) => writeFileSync(join(site, rel), text);
const stopOf = (fn: () => unknown): BuildStop => {
  try {
    fn();
  } catch (error) {
    if (error instanceof BuildStop) return error;
    throw error;
  }
  throw new Error('expected the build to stop');
};

describe('building into a site: what makes the build stop and write nothing', () => {
  it('stops with the exact lines to write when the site exports a handler of the same name from an export list', () => {
    write('src/backend/events.js', `function onMember(event) { return event; }\nexport { onMember as wixMembers_onMemberCreated };\n`);

    const stop = stopOf(() => build());

    expect(stop.message).toContain('export { onMember as wixMembers_onMemberCreated }');
    expect(stop.message).toContain('export function wixMembers_onMemberCreated(event)');
    expect(read('src/backend/events.js')).toBe(`function onMember(event) { return event; }\nexport { onMember as wixMembers_onMemberCreated };\n`);
    expect(existsSync(join(site, 'src/backend/inbox.web.js'))).toBe(false);
  });

  it('stops, naming them, when files of the site sit where velo-inbox writes its own', () => {
    write('src/backend/inbox.web.js', 'export const mine = 1;\n');

    expect(stopOf(() => build()).message).toMatch(/not written by velo-inbox's build[\s\S]*src\/backend\/inbox\.web\.js/);
    expect(read('src/backend/inbox.web.js')).toBe('export const mine = 1;\n');
    expect(existsSync(join(site, 'src/backend/inbox-events.js'))).toBe(false);
  });

  it('stops when the folder is not a Wix site repo, or when the block markers were damaged', () => {
    rmSync(join(site, 'wix.config.json'));
    expect(stopOf(() => build()).message).toMatch(/no wix\.config\.json/);

    cpSync(join(fixture, 'wix.config.json'), join(site, 'wix.config.json'));
    write('src/pages/masterPage.js', `${read('src/pages/masterPage.js')}// velo-inbox:begin\n`);
    expect(stopOf(() => build()).message).toMatch(/markers are damaged/);
  });

  it('writes nothing on a dry run', () => {
    const plan = build({ dryRun: true });

    expect(plan.effects.filter((e) => e.effect === 'update').map((e) => e.path).sort()).toEqual(
      ['package.json', 'src/backend/events.js', 'src/backend/jobs.config', 'src/pages/masterPage.js'].sort(),
    );
    expect(read('src/backend/events.js')).toBe(readFileSync(join(fixture, 'src/backend/events.js'), 'utf8'));
    expect(existsSync(join(site, 'src/backend/inbox'))).toBe(false);
  });

  it("with --legacy-jsw adds backend/inbox.jsw and its own permissions entry beside the site's, and no catch-all", () => {
    build({ legacyJsw: true });

    expect(existsSync(join(site, 'src/backend/inbox.jsw'))).toBe(true);
    const methods = (JSON.parse(read('src/backend/permissions.json')) as { 'web-methods': Record<string, unknown> })['web-methods'];
    expect(Object.keys(methods)).toEqual(['backend/legacy.jsw', 'backend/inbox.jsw']);
    expect(methods['backend/legacy.jsw']).toEqual(JSON.parse(readFileSync(join(fixture, 'src/backend/permissions.json'), 'utf8'))['web-methods']['backend/legacy.jsw']);
  });
});

describe("composing a site's handler with velo-inbox's", () => {
  it('composes `export const … = async (event) =>` and `export async function` handlers by renaming them in place', () => {
    const site = `export const wixCrm_onFormSubmit = async (event) => event;\nexport async function wixMembers_onMemberCreated(e) {}\n`;

    const merged = mergeEvents(site, HANDLERS);

    expect(merged.text.startsWith(`${COMPOSED_MARK} const site_wixCrm_onFormSubmit = async (event) => event;\n${COMPOSED_MARK} async function site_wixMembers_onMemberCreated(e) {}\n`)).toBe(true);
    expect(merged.text).toContain("return veloInbox_runSiteThenInbox('wixCrm_onFormSubmit', site_wixCrm_onFormSubmit, event);");
    expect(merged.composed).toEqual(HANDLERS);
    expect(mergeEvents(merged.text, HANDLERS).text).toBe(merged.text);
  });

  it('stops on a same-named function the site declares without exporting (Wix never called it), rather than declare the name twice', () => {
    expect(() => mergeEvents(`function wixCrm_onFormSubmit() {}\n`, HANDLERS)).toThrow(/declares or imports wixCrm_onFormSubmit without exporting it/);
  });

  it('stops with the lines to write when something else in the file uses the handler\'s name (renaming it would break that)', () => {
    const site = `export function wixCrm_onFormSubmit(event) { return save(event); }\nexport function wixCrm_onContactCreated(event) { return wixCrm_onFormSubmit(event); }\n`;

    expect(() => mergeEvents(site, HANDLERS)).toThrow(
      /wixCrm_onFormSubmit is your handler and is also used on line 2[\s\S]*function yourWixCrm_onFormSubmit\(event\)[\s\S]*export function wixCrm_onFormSubmit\(event\) \{ return yourWixCrm_onFormSubmit\(event\); \}/,
    );
  });

  it('ignores property names and other modules\' export names that merely spell the handler\'s name', () => {
    const site = `import { wixCrm_onFormSubmit as crmSubmit } from 'backend/crm';\nexport function wixCrm_onFormSubmit(event) { return crmSubmit({ wixCrm_onFormSubmit: event.wixCrm_onFormSubmit }); }\n`;

    expect(mergeEvents(site, HANDLERS).composed).toEqual(['wixCrm_onFormSubmit']);
  });

  it('creates the events module when the site has none, and keeps a block the owner moved where it is', () => {
    const fresh = mergeEvents('', HANDLERS).text;
    expect(fresh.startsWith('// velo-inbox:begin')).toBe(true);

    const moved = `${fresh}export function wixStores_onNewOrder() {}\n`;
    expect(mergeEvents(moved, HANDLERS).text).toBe(moved);
  });
});

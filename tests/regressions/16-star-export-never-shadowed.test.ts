import { exportsWixDoesNotCall } from 'wix-emulator/site-repo';
import { minimalSite, siteRepo, type SiteRepo } from '../support/site-repo';

// Tests here build velo-inbox into a site (transpiling all of src/): seconds each on a busy machine.
jest.setTimeout(60_000);

// Issue 16: `export * from '…'` in events.js may supply a handler velo-inbox exports too; a local export of the same
// name silently wins over a star export, so the build's block would have replaced the site's handler without a word.

const HANDLERS_MODULE = `import wixData from 'wix-data';\n\nexport function wixCrm_onFormSubmit(event) {\n  return wixData.insert('Leads', { contactId: event.contactId });\n}\n`;

let site: SiteRepo;
afterEach(() => site.remove());

describe("an `export *` in the site's events.js", () => {
  it('stops the build with the exact lines to write when the module it names exports a handler velo-inbox exports', () => {
    site = siteRepo(minimalSite({ 'src/backend/events.js': `export * from 'backend/crm-handlers';\n`, 'src/backend/crm-handlers.js': HANDLERS_MODULE }));

    const stop = site.stop();

    expect(stop.message).toContain("line 1: `export * from 'backend/crm-handlers';` supplies wixCrm_onFormSubmit");
    expect(stop.message).toContain("import { wixCrm_onFormSubmit as crm_handlers_wixCrm_onFormSubmit } from 'backend/crm-handlers';");
    expect(stop.message).toContain('export function wixCrm_onFormSubmit(event) { return crm_handlers_wixCrm_onFormSubmit(event); }');
    expect(site.read('src/backend/events.js')).toBe(`export * from 'backend/crm-handlers';\n`);
  });

  it('builds once those lines are written, running the site\'s handler first', () => {
    site = siteRepo(minimalSite({ 'src/backend/events.js': `export * from 'backend/crm-handlers';\n`, 'src/backend/crm-handlers.js': HANDLERS_MODULE }));
    const lines = site.stop().message.split('\n').filter((line) => line.startsWith('    ')).map((line) => line.trim());
    site.write('src/backend/events.js', `export * from 'backend/crm-handlers';\n${lines.join('\n')}\n`);

    const plan = site.build();

    expect(plan.effects.find((e) => e.path === 'src/backend/events.js')?.why).toMatch(/yours run first: wixCrm_onFormSubmit/);
    expect(exportsWixDoesNotCall(site.read('src/backend/events.js'), 'events.js').map((e) => e.name)).toEqual(['*']);
  });

  it("stops when it names a module the build cannot read (a package), and builds when the site's module exports none of velo-inbox's names", () => {
    site = siteRepo(minimalSite({ 'src/backend/events.js': `export * from 'velo-event-kit';\n` }));
    expect(site.stop().message).toMatch(/may supply wixMembers_onMemberCreated[\s\S]*cannot read 'velo-event-kit'/);

    site.write('src/backend/events.js', `export * from 'backend/orders';\n`);
    site.write('src/backend/orders.js', `export function wixStores_onNewOrder(event) {}\n`);
    expect(site.build().notes).toContainEqual(expect.stringMatching(/line 1: export \* from 'backend\/orders'; \(re-export\): Wix never calls each handler it supplies/));
  });
});

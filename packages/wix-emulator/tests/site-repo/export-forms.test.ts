import { describe, expect, it } from '@jest/globals';
import { exportsWixDoesNotCall, findExports, readExportForms } from '../../src/site-repo';
import { looksLikeHandler } from '../../src/site-repo/export-forms';

/** The one export-form rule: the loader dispatches by it and the build composes and reports by it. */

const EVENTS = `import { assignRole } from 'backend/roles';
import * as lib from 'backend/lib';
export function wixMembers_onMemberCreated(event) {
  return assignRole(event);
}
export async function wixCrm_onFormSubmit(event) {}
export const wixForms_onSubmissionCreated = (event) => lib.record(event);
export const wixCrmInbox_onMessageSentToBusiness = async (event) => {};
export const wixStores_onNewOrder = function (event) {};
export const wixMembers_onMemberUpdated = assignRole;
export const wixMembers_onMemberDeleted = lib.handlers.onDeleted;
export const wixBookings_onBookingConfirmed = lib.wrap((event) => event);
export { assignRole as wixPricingPlans_onOrderCreated };
export { wixEvents_onGuestRegistered } from 'backend/lib';
export * from 'backend/more-events';
exports.wixCrm_onContactCreated = function (event) {};
`;

const formsOf = (source: string) => findExports(source, 'events.js').map(({ name, form, calledByWix }) => [name, form, calledByWix]);

describe('which events.js exports Wix calls (Module Export Syntax)', () => {
  const forms = readExportForms(EVENTS, 'src/backend/events.js');

  it('calls export function X(event), async too, and export const X = an arrow function or a function expression', () => {
    expect(forms.called.map((e) => e.name)).toEqual([
      'wixMembers_onMemberCreated',
      'wixCrm_onFormSubmit',
      'wixForms_onSubmissionCreated',
      'wixCrmInbox_onMessageSentToBusiness',
      'wixStores_onNewOrder',
    ]);
  });

  it('never calls a re-export, a renamed export, a dynamic export, an object-wrapped export or a CommonJS export, and says where each is', () => {
    expect(forms.notCalled).toEqual([
      { name: 'wixMembers_onMemberUpdated', line: 10, reason: 're-export' },
      { name: 'wixMembers_onMemberDeleted', line: 11, reason: 'object-wrapped export' },
      { name: 'wixBookings_onBookingConfirmed', line: 12, reason: 'dynamic export' },
      { name: 'wixPricingPlans_onOrderCreated', line: 13, reason: 'renamed export' },
      { name: 'wixEvents_onGuestRegistered', line: 14, reason: 're-export' },
      { name: 'wixCrm_onContactCreated', line: 16, reason: 'CommonJS export' },
    ]);
    expect(forms.exportStars).toEqual([{ from: 'backend/more-events', line: 15 }]);
  });

  it('decides by the value, not the keyword: a function written in place is called whether bound with const, let or beside another', () => {
    const source = ['export let wixEvents_onRsvp = (event) => event;', 'export const a = () => 1, b = function () { return 2; };', 'export const wixPay_onPaymentUpdate = (async (event) => event);'].join('\n');
    expect(formsOf(source)).toEqual([
      ['wixEvents_onRsvp', 'function-value', true],
      ['a', 'function-value', true],
      ['b', 'function-value', true],
      ['wixPay_onPaymentUpdate', 'function-value', true],
    ]);
  });

  it('treats a plain export list of a local handler as not called either (stricter than the page says)', () => {
    const local = readExportForms('function wixMembers_onMemberCreated(event) {}\nexport { wixMembers_onMemberCreated };\n', 'events.js');
    expect(local.called).toEqual([]);
    expect(local.notCalled).toEqual([{ name: 'wixMembers_onMemberCreated', line: 2, reason: 'export list' }]);
  });

  it('reports each handler of an object exported as default as object-wrapped, and a handler declared as the default export by its name', () => {
    const wrapped = readExportForms('export default {\n  wixMembers_onMemberCreated(event) {},\n};\n', 'events.js');
    expect(wrapped.notCalled).toEqual([{ name: 'wixMembers_onMemberCreated', line: 2, reason: 'object-wrapped export' }]);
    expect(readExportForms('export default function wixMembers_onMemberCreated(event) {}\n', 'events.js').notCalled).toEqual([
      { name: 'wixMembers_onMemberCreated', line: 1, reason: 'default export' },
    ]);
    expect(exportsWixDoesNotCall('export default async function wixCrm_onFormSubmit(event) {}\n', 'events.js')).toEqual([expect.objectContaining({ name: 'default', declared: 'wixCrm_onFormSubmit' })]);
  });

  it('never calls destructured exports, classes, namespace re-exports or module.exports', () => {
    const source = [
      "export * as handlers from 'backend/store';",
      'export const { wixForms_onSubmissionCreated } = handlers;',
      'export class wixStores_onNewOrder {}',
      'export const wixData_beforeInsert = makeHook();',
      'module.exports = { wixBlog_onPostCreated };',
    ].join('\n');
    expect(formsOf(source)).toEqual([
      ['handlers', 're-export', false],
      ['wixForms_onSubmissionCreated', 'object-wrapped', false],
      ['wixStores_onNewOrder', 'class', false],
      ['wixData_beforeInsert', 'dynamic', false],
      ['wixBlog_onPostCreated', 'commonjs', false],
    ]);
    expect(exportsWixDoesNotCall(source, 'events.js').every((e) => typeof e.reason === 'string')).toBe(true);
  });

  it('names the module a re-export comes from and the line as written', () => {
    expect(findExports("\n\nexport * from 'backend/store';\n", 'events.js')).toEqual([
      expect.objectContaining({ name: '*', form: 'star-re-export', from: 'backend/store', line: 3, text: "export * from 'backend/store';", calledByWix: false }),
    ]);
  });

  it('neither calls nor reports a plain constant exported beside the handlers (a string, a number, a list): it is no handler', () => {
    const source = ["export const COMMUNITY_ROLE = 'b2c7e0d4';", 'export const TAX = -0.2;', "export const LABELS = ['lead', 'member'];"].join('\n');
    expect(formsOf(source)).toEqual([
      ['COMMUNITY_ROLE', 'constant', false],
      ['TAX', 'constant', false],
      ['LABELS', 'constant', false],
    ]);
    expect(readExportForms(source, 'events.js')).toEqual({ called: [], notCalled: [], exportStars: [] });
    expect(exportsWixDoesNotCall(source, 'events.js')).toEqual([]);
  });
});

describe('helpers exported beside the handlers are no handler mistake (Wix calls only names it knows)', () => {
  const HELPERS = `import { format } from 'backend/format';
export function wixMembers_onMemberCreated(event) {}
export const formatName = format;
export const slug = make();
export const labels = settings.labels;
export { format };
export { trim as tidy };
export { escape } from 'backend/format';
export class Greeting {}
export default function (event) {}
export const wixMembers_onMemberUpdated = format;
`;

  it('reports only the handler of events.js named <module>_on<Event>, never a helper in a form Wix does not call', () => {
    expect(readExportForms(HELPERS, 'src/backend/events.js').notCalled).toEqual([{ name: 'wixMembers_onMemberUpdated', line: 11, reason: 're-export' }]);
    expect(exportsWixDoesNotCall(HELPERS, 'src/backend/events.js').map((e) => e.name)).toEqual(['wixMembers_onMemberUpdated']);
  });

  it('still reads every export with its form: the build composes by them all', () => {
    expect(formsOf(HELPERS).map(([name]) => name)).toEqual(['wixMembers_onMemberCreated', 'formatName', 'slug', 'labels', 'format', 'tidy', 'escape', 'Greeting', 'default', 'wixMembers_onMemberUpdated']);
  });

  it("names handlers per file as Wix's pages do: data hooks <collection>_<hook>, routers <prefix>_Router and its hooks", () => {
    const data = 'export const Items_beforeInsert = hooks.beforeInsert;\nexport const Items_onFailure = make();\nexport const normalize_item = make();\n';
    expect(readExportForms(data, 'src/backend/data.js').notCalled.map((e) => e.name)).toEqual(['Items_beforeInsert', 'Items_onFailure']);
    const routers = 'export const shop_Router = router();\nexport const shop_afterSitemap = hooks.sitemap;\nexport const shop_pages = make();\n';
    expect(readExportForms(routers, 'src/backend/routers.js').notCalled.map((e) => e.name)).toEqual(['shop_Router', 'shop_afterSitemap']);
    expect(looksLikeHandler('wixStores_onNewOrder', 'events.js')).toBe(true);
    expect(looksLikeHandler('format_name', 'events.js')).toBe(false);
  });

  it('treats every name of a file outside the rule as a handler (a service plugin names its functions after its interface)', () => {
    expect(readExportForms('export const getShippingRates = make();\n', 'src/backend/service-plugins/shipping/plugin.js').notCalled.map((e) => e.name)).toEqual(['getShippingRates']);
  });
});

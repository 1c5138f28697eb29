import { exportsWixDoesNotCall, findExports } from '../../scripts/build/wix-export-forms';

const formsOf = (source: string) => findExports(source, 'events.js').map(({ name, form, calledByWix, line }) => ({ name, form, calledByWix, line }));

describe('the export forms Wix calls in events.js (Module Export Syntax)', () => {
  it('calls `export function`, `export async function` and `export const X = (event) =>` (async too)', () => {
    const source = [
      'export function wixMembers_onMemberCreated(event) {}',
      'export async function wixCrm_onFormSubmit(event) {}',
      'export const wixStores_onNewOrder = (event) => event;',
      'export const wixBookings_onBookingConfirmed = async (event) => { await event; };',
    ].join('\n');

    expect(formsOf(source)).toEqual([
      { name: 'wixMembers_onMemberCreated', form: 'function', calledByWix: true, line: 1 },
      { name: 'wixCrm_onFormSubmit', form: 'function', calledByWix: true, line: 2 },
      { name: 'wixStores_onNewOrder', form: 'const-arrow', calledByWix: true, line: 3 },
      { name: 'wixBookings_onBookingConfirmed', form: 'const-arrow', calledByWix: true, line: 4 },
    ]);
    expect(exportsWixDoesNotCall(source, 'events.js')).toEqual([]);
  });

  it('never calls re-exports, export lists, dynamic, object-wrapped, default or CommonJS exports', () => {
    const source = [
      "export { wixCrm_onFormSubmit } from 'backend/forms';",
      "export * from 'backend/store';",
      "export * as handlers from 'backend/store';",
      'export { onMember as wixMembers_onMemberCreated };',
      'export const wixStores_onNewOrder = makeHandler();',
      'export const wixData_beforeInsert = hooks.beforeInsert;',
      'export const { wixForms_onSubmissionCreated } = handlers;',
      'export let wixEvents_onRsvp = (event) => event;',
      'export const wixPay_onPaymentUpdate = function (event) {};',
      'export const a = () => 1, b = () => 2;',
      'export default function (event) {}',
      'exports.wixBlog_onPostCreated = (event) => event;',
      'module.exports = {};',
    ].join('\n');

    expect(formsOf(source).map((e) => [e.name, e.form, e.calledByWix])).toEqual([
      ['wixCrm_onFormSubmit', 're-export', false],
      ['*', 'star-re-export', false],
      ['handlers', 're-export', false],
      ['wixMembers_onMemberCreated', 'export-list', false],
      ['wixStores_onNewOrder', 'dynamic', false],
      ['wixData_beforeInsert', 'object-wrapped', false],
      ['wixForms_onSubmissionCreated', 'object-wrapped', false],
      ['wixEvents_onRsvp', 'dynamic', false],
      ['wixPay_onPaymentUpdate', 'const-function-expression', false],
      ['a', 'dynamic', false],
      ['b', 'dynamic', false],
      ['default', 'default', false],
      ['wixBlog_onPostCreated', 'commonjs', false],
      ['*', 'commonjs', false],
    ]);
    expect(exportsWixDoesNotCall(source, 'events.js').every((e) => typeof e.why === 'string')).toBe(true);
  });

  it('names the module a re-export comes from and the line as written', () => {
    expect(findExports("\n\nexport * from 'backend/store';\n", 'events.js')).toEqual([
      expect.objectContaining({ name: '*', from: 'backend/store', line: 3, text: "export * from 'backend/store';" }),
    ]);
  });
});

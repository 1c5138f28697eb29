import { beforeEach, describe, expect, it } from '@jest/globals';
import type { Site } from 'wix-emulator';
import { formValueText } from '../../src/backend/inbox/form-values';
import { callers } from '../support/emulator';
import { startSiteWithCode } from '../support/site-with-code';

/**
 * New Wix Forms submissions: only Wix Forms' own (`wix.form_app.form`) are recorded — bookings, checkout and pricing
 * plans submit through the same Form Submissions API under their own namespaces (dev.wix.com Form Templates API,
 * "Namespaces") — and object values (an address, uploaded files) are written readably. The old `wixCrm_onFormSubmit`
 * fires for the old Forms element only.
 */
let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
});

const formRecords = () =>
  site.inbox
    .listConversations()
    .flatMap((c) => site.inbox.messagesOf(c.conversation._id ?? ''))
    .map((m) => m.message)
    .filter((m) => m.content?.form);

const submitV2 = (fields: Record<string, unknown>, namespace?: string) =>
  site.as(callers.visitor('v-16'), () =>
    site.forms.submit({ generation: 'wixFormsV2', formName: 'Form', fields, ...(namespace === undefined ? {} : { namespace }) }),
  );

describe('a new-forms submission', () => {
  it.each([
    ['a bookings form', 'wix.bookings.v2.bookings'],
    ['the checkout form', 'wix.ecom.v1.checkout'],
    ['a pricing-plans form', 'wix.pricing_plans.v1.custom_form'],
  ])('of %s is not recorded', async (_, namespace) => {
    await submitV2({ email: 'ann@example.com', note: 'Yoga at 9' }, namespace);
    await site.events.settle();
    expect(site.events.log('wixForms_onSubmissionCreated')).toHaveLength(1);
    expect(formRecords()).toEqual([]);
  });

  it("of Wix Forms' own is recorded once, with its address and files written readably", async () => {
    await submitV2({
      email: 'ann@example.com',
      address: { streetAddress: { number: '12', name: 'Main St' }, city: 'Springfield', subdivision: 'US-IL', postalCode: '62701', country: 'US' },
      files: [{ fileId: 'f-1', displayName: 'cv.pdf', url: 'https://static.wixstatic.com/cv.pdf' }],
    });
    await site.events.settle();
    const [record, ...others] = formRecords();
    expect(others).toEqual([]);
    const fields = record?.content?.form?.fields ?? [];
    expect(fields).toEqual(
      expect.arrayContaining([
        { name: 'address', value: '12 Main St, Springfield, US-IL, 62701, US' },
        { name: 'files', value: 'cv.pdf (https://static.wixstatic.com/cv.pdf)' },
      ]),
    );
    expect(JSON.stringify(fields)).not.toContain('[object Object]');
  });

  it('does not fire wixCrm_onFormSubmit; the old Forms element does', async () => {
    await submitV2({ email: 'ann@example.com' });
    await site.as(callers.visitor('v-16'), () => site.forms.submit({ generation: 'wixForms', formName: 'Old', fields: { email: 'ann@example.com' } }));
    expect(site.events.log('wixCrm_onFormSubmit').map((e) => (e.event as { formName: string }).formName)).toEqual(['Old']);
  });
});

describe('a submitted value as text', () => {
  it.each([
    ['text', 'hi', 'hi'],
    ['a number', 42, '42'],
    ['choices', ['Sales', 'Support'], 'Sales, Support'],
    ['an address with a formatted line', { formatted: '1 Rue X, Paris', city: 'Paris' }, '1 Rue X, Paris'],
    ['a file without a name', [{ url: 'https://static.wixstatic.com/a' }], 'https://static.wixstatic.com/a'],
    ['any other object', { plan: 'Gold', seats: 3 }, 'plan: Gold, seats: 3'],
    ['nothing', null, ''],
  ])('%s reads as words', (_, value, text) => {
    expect(formValueText(value)).toBe(text);
  });
});

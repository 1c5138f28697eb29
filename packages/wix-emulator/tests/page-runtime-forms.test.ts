import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPage } from '../src/pages/load-page';
import type { Site } from '../src/site';
import { callers, startSite } from '../src/testing';

/** Each test's page records what its form handlers saw, in order, into `#log` (one line per handler call). */
let root: string;
let site: Site;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'page-forms-'));
  mkdirSync(join(root, 'src', 'pages'), { recursive: true });
  site = startSite();
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const LOG = `
  const log = (line: string) => { $w('#log').text = $w('#log').text ? $w('#log').text + '\\n' + line : line; };
`;

function page(body: string, caller = callers.visitor('v-1')) {
  writeFileSync(join(root, 'src', 'pages', 'Contact.c0nt1.ts'), LOG + body);
  return loadPage(site, {
    modulePath: 'src/pages/Contact.c0nt1.ts',
    root,
    caller,
    elements: { '#log': 'Text', '#oldForm': { type: 'WixForms', formName: 'Contact us' }, '#newForm': { type: 'WixFormsV2', formName: 'Contact us' } },
  });
}

const lines = (loaded: Awaited<ReturnType<typeof page>>) => (loaded.element('#log').text ?? '').split('\n');

describe('old Wix Forms (WixForms element)', () => {
  const handlers = `
    $w.onReady(() => {
      $w('#oldForm').onWixFormSubmit((event) => { log('submit ' + event.wixFormFields.map((f) => f.fieldName + '=' + f.fieldValue).join('&')); });
      $w('#oldForm').onWixFormSubmitted((event) => { log('submitted ' + event.wixFormFields.length); });
      $w('#oldForm').onWixFormSubmittedError((event) => { log('error ' + event.code); });
    });
  `;

  it('runs onWixFormSubmit, submits to Wix as the page caller, then runs onWixFormSubmitted', async () => {
    const loaded = await page(handlers);

    const outcome = await loaded.fireSubmit('#oldForm', { email: 'ann@example.com', name: 'Ann' });
    await loaded.settled();

    // Page code sees each field by its label; undeclared labels are the keys' words capitalised.
    expect(lines(loaded)).toEqual(['submit Email=ann@example.com&Name=Ann', 'submitted 2']);
    expect(outcome).toEqual({ status: 'submitted', submissionId: expect.any(String), contactId: expect.any(String) });
    expect(site.journal.entries('forms.submit')).toEqual([
      expect.objectContaining({
        caller: callers.visitor('v-1'),
        outcome: 'ok',
        args: [{ generation: 'wixForms', formName: 'Contact us', fields: { email: 'ann@example.com', name: 'Ann' } }],
      }),
    ]);
  });

  it("shows page code the form's own labels and field IDs, and sends Wix the keys with their labels", async () => {
    writeFileSync(
      join(root, 'src', 'pages', 'Contact.c0nt1.ts'),
      LOG + `$w.onReady(() => { $w('#oldForm').onWixFormSubmit((event) => { log(event.wixFormFields.map((f) => f.id + ':' + f.fieldName).join('&')); }); });`,
    );
    const loaded = await loadPage(site, {
      modulePath: 'src/pages/Contact.c0nt1.ts',
      root,
      caller: callers.visitor('v-1'),
      elements: { '#log': 'Text', '#oldForm': { type: 'WixForms', formName: 'Contact us', fields: { email: 'Your email', first_name: 'First Name' } } },
    });

    await loaded.fireSubmit('#oldForm', { email: 'ann@example.com', first_name: 'Ann' });
    await loaded.settled();

    expect(lines(loaded)).toEqual(['email:Your email&first_name:First Name']);
    expect(site.journal.entries('forms.submit')[0]?.args).toEqual([
      { generation: 'wixForms', formName: 'Contact us', fields: { email: 'ann@example.com', first_name: 'Ann' }, labels: { email: 'Your email', first_name: 'First Name' } },
    ]);
  });

  it('cancels the submission when an onWixFormSubmit handler returns false', async () => {
    const loaded = await page(`
      $w.onReady(() => {
        $w('#oldForm').onWixFormSubmit(() => false);
        $w('#oldForm').onWixFormSubmitted(() => log('submitted'));
      });
    `);

    await expect(loaded.fireSubmit('#oldForm', { email: 'not-an-email' })).resolves.toEqual({ status: 'cancelled' });
    await loaded.settled();

    expect(site.journal.count('forms.submit')).toBe(0);
    expect(loaded.element('#log').text).toBe('');
  });

  it('reports an async onWixFormSubmit handler: its promise cannot cancel, and the form is submitted anyway', async () => {
    const loaded = await page(`$w.onReady(() => { $w('#oldForm').onWixFormSubmit(async () => false); });`);

    await expect(loaded.fireSubmit('#oldForm', { email: 'ann@example.com' })).resolves.toMatchObject({ status: 'submitted' });
    await expect(loaded.settled()).rejects.toThrow(/must be synchronous/);
  });

  it('runs onWixFormSubmittedError with a code when Wix refuses the submission', async () => {
    const loaded = await page(handlers);
    site.faults.inject('forms.submit', { status: 503 });

    await expect(loaded.fireSubmit('#oldForm', { email: 'ann@example.com' })).resolves.toEqual({ status: 'failed', code: 'SERVER_UNAVAILABLE' });
    await loaded.settled();

    expect(lines(loaded)).toEqual(['submit Email=ann@example.com', 'error SERVER_UNAVAILABLE']);
  });

  it('has none of the new-forms API', async () => {
    await expect(page(`$w.onReady(() => { ($w('#oldForm') as any).onSubmitSuccess(() => undefined); });`)).rejects.toThrow(TypeError);
  });
});

describe('new Wix Forms (WixFormsV2 element)', () => {
  const handlers = `
    $w.onReady(() => {
      $w('#newForm').onFieldValueChange((values) => log('change ' + Object.keys(values).join(',')));
      $w('#newForm').onSubmit((values) => log('submit ' + JSON.stringify(values)));
      $w('#newForm').onSubmitSuccess(() => log('success ' + JSON.stringify($w('#newForm').getFieldValues())));
      $w('#newForm').onSubmitFailure((error) => log('failure ' + error.code));
    });
  `;

  it('runs onSubmit with the values, submits as the page caller, runs onSubmitSuccess, then resets the fields', async () => {
    const loaded = await page(handlers, callers.visitor('v-42'));

    const outcome = await loaded.fireSubmit('#newForm', { email: 'ann@example.com', guests: 2 });
    await loaded.settled();

    expect(lines(loaded)).toEqual([
      'change email,guests',
      'submit {"email":"ann@example.com","guests":2}',
      'success {"email":"ann@example.com","guests":2}',
    ]);
    expect(outcome).toMatchObject({ status: 'submitted', contactId: expect.any(String) });
    expect(loaded.element('#newForm').fieldValues).toEqual({});
    expect(site.journal.entries('forms.submit')[0]).toMatchObject({
      caller: callers.visitor('v-42'),
      args: [{ generation: 'wixFormsV2', formName: 'Contact us', fields: { email: 'ann@example.com', guests: 2 } }],
    });
  });

  it('runs onSubmitFailure with the documented code when the submission fails, and keeps the values', async () => {
    const loaded = await page(handlers);
    site.faults.inject('forms.submit', { status: 503 });

    await expect(loaded.fireSubmit('#newForm', { email: 'ann@example.com' })).resolves.toEqual({ status: 'failed', code: 'SERVER_UNAVAILABLE' });
    await loaded.settled();

    expect(lines(loaded)).toEqual(['change email', 'submit {"email":"ann@example.com"}', 'failure SERVER_UNAVAILABLE']);
    expect(loaded.element('#newForm').fieldValues).toEqual({ email: 'ann@example.com' });
  });

  it("lets page code submit the form itself: submit() resolves with the values, or rejects with the failure", async () => {
    const loaded = await page(`
      $w.onReady(() => {
        $w('#newForm').setFieldValues({ email: 'ann@example.com' });
      });
      export async function sendFromCode() {
        return $w('#newForm').submit().then((v) => 'ok ' + JSON.stringify(v), (e) => 'rejected ' + e.code);
      }
    `);
    const sendFromCode = loaded.exports.sendFromCode as () => Promise<string>;

    await expect(sendFromCode()).resolves.toBe('ok {"email":"ann@example.com"}');
    // The fields were reset by the success: nothing identifies the visitor now, and Wix refuses it (400).
    await expect(sendFromCode()).resolves.toBe('rejected VALIDATION_FAILED');
    site.faults.inject('forms.submit', { status: 500 });
    await expect(sendFromCode()).resolves.toBe('rejected SERVER_UNAVAILABLE');
  });

  it('surfaces an error thrown by an onSubmitSuccess handler from settled()', async () => {
    const loaded = await page(`$w.onReady(() => { $w('#newForm').onSubmitSuccess(() => { throw new Error('handler broke'); }); });`);

    await loaded.fireSubmit('#newForm', { email: 'ann@example.com' });

    await expect(loaded.settled()).rejects.toThrow('[#newForm onSubmitSuccess] handler broke');
  });

  it('has none of the old-forms API', async () => {
    await expect(page(`$w.onReady(() => { ($w('#newForm') as any).onWixFormSubmitted(() => undefined); });`)).rejects.toThrow(TypeError);
  });

  it('cannot be submitted by the visitor while hidden', async () => {
    const loaded = await page(`$w.onReady(() => $w('#newForm').hide());`);

    await expect(loaded.fireSubmit('#newForm', { email: 'ann@example.com' })).rejects.toThrow(/hidden/);
  });
});

import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildSite } from '../../scripts/build-site';
import { controlsFor } from 'wix-emulator';
import { loadPage } from 'wix-emulator/pages';
import { startBuiltSite } from '../support/built-site-with-code';
import { callers } from '../support/emulator';
import { minimalSite, siteRepo } from '../support/site-repo';

// Tests here build velo-inbox into a site (transpiling all of src/): seconds each on a busy machine.
jest.setTimeout(60_000);

// Attack on issue 16: a site repo like a real one, built with velo-inbox and run as built. Before the export-form rule was
// one, the build stopped on the site's \`export const wixForms_onSubmissionCreated = function (event) {…}\` ("a form the
// build does not compose") while the emulator's loader called it: the two disagreed about the same handler.

const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

/** A site repo as a Wix developer keeps one: CRLF, its own npm import, `export *`, handlers in every supported form. */
const SITE = minimalSite({
  'package.json': crlf('{\n  "name": "studio-site",\n  "private": true,\n  "dependencies": {\n    "lodash": "^4.17.21"\n  },\n  "devDependencies": {\n    "@wix/cli": "^1.1.92"\n  }\n}\n'),
  'src/backend/events.js': crlf(`// The studio's events.
import wixData from 'wix-data';
import kebabCase from 'lodash/kebabCase';
export * from 'backend/shop-events';

const log = (kind, subject) => wixData.insert('SiteLog', { kind, subject }, { suppressAuth: true });

export function wixMembers_onMemberCreated(event) {
  return log('member', event.entity._id);
}

export const wixCrm_onFormSubmit = async (event) => {
  await log('old-form', kebabCase(event.formName));
};

export const wixForms_onSubmissionCreated = function (event) {
  return log('new-form', event.entity.namespace);
};

export async function wixCrmInbox_onMessageSentToBusiness(event) {
  throw new Error('the studio handler broke');
}
`),
  'src/backend/shop-events.js': crlf(`export function wixStores_onNewOrder(event) {\n  return event;\n}\n`),
  'src/backend/reports.js': crlf(`export async function weeklyReport() {\n  return 'sent';\n}\n`),
  'src/backend/jobs.config': crlf(`// /backend/jobs.config
{
  "jobs": [ // Define up to 20 different jobs
    {
      "functionLocation": "/reports.js", // Relative to Backend folder, started by slash
      "functionName": "weeklyReport",
      "executionConfig": { "cronExpression": "0 8 * * 1" } // Mondays at 08:00
    }
  ]
}
`),
  'src/pages/Contact.k2x9q.js': crlf(`import { acknowledgeContactForms } from 'public/inbox/contact-form';

$w.onReady(() => acknowledgeContactForms('Contact us'));
`),
  'src/pages/masterPage.js': crlf(`// The code in this file will load on every page of your site\n\n$w.onReady(function () {\n});\n`),
});

const ADMIN = { read: 'Admin', insert: 'Admin', update: 'Admin', remove: 'Admin' } as const;

describe('a real site repo built with velo-inbox runs as built, under the loader', () => {
  it("runs the site's handlers in every supported form beside velo-inbox's: sign-up, both form elements, a throwing handler, both jobs", async () => {
    const repo = siteRepo(SITE);
    try {
      repo.build();
      const { site, installed } = startBuiltSite({ root: repo.dir });
      site.data.defineCollection('SiteLog', { permissions: ADMIN });
      const controls = controlsFor(site);
      const logged = () => site.data.inspectCollection('SiteLog').map((row) => `${String(row.kind)}:${String(row.subject)}`);

      expect(installed.notCalled.map((n) => `${n.name} (${n.file}:${n.line}): ${n.reason}`)).toEqual(['wixStores_onNewOrder (src/backend/events.js:4): re-export']);

      const member = controls.seed.member({ email: 'kim@example.com', firstName: 'Kim' });
      await site.events.settle();
      expect(logged()).toEqual([`member:${member._id}`]);
      const memberConversation = site.inbox.conversationOf({ memberId: member._id })?.conversation._id ?? '';
      expect(site.inbox.messagesOf(memberConversation).map((m) => m.message.content?.template?.title)).toEqual(['Welcome aboard, Kim!']);

      const page = await loadPage(site, {
        repo: installed.repo,
        modulePath: 'src/pages/Contact.k2x9q.js',
        caller: callers.visitor('v-only-v2'),
        elements: { '#contactFormV2': { type: 'WixFormsV2', formName: 'Contact us' }, '#formStatus': { type: 'Text', hidden: true } },
      });
      await page.fireSubmit('#contactFormV2', { email: 'ola@example.com', first_name: 'Ola' });
      await page.settled();
      // The form lands in Inbox as a message to the business: the site's throwing handler fails; velo-inbox's runs on.
      await expect(site.events.settle()).rejects.toMatchObject({ errors: [expect.objectContaining({ message: 'the studio handler broke' })] });
      expect(logged()).toContain('new-form:wix.form_app.form');
      expect(page.element('#formStatus').text).toBe('Thanks! We sent a confirmation to your inbox.');

      // The old Wix Forms element: the site's handler (with its own npm import) runs, then velo-inbox's.
      await controls.act.submitForm(callers.visitor('v-old-form'), { generation: 'wixForms', formName: 'Contact Us', fields: { email: 'per@example.com', message: 'Hei' } });
      await expect(site.events.settle()).rejects.toMatchObject({ errors: [expect.objectContaining({ message: 'the studio handler broke' })] });
      expect(logged()).toContain('old-form:contact-us');

      controls.act.participantSendsMessage({ memberId: member._id }, 'Hello?');
      await expect(site.events.settle()).rejects.toMatchObject({ errors: [expect.objectContaining({ message: 'the studio handler broke' })] });

      await expect(installed.repo.runJob('weeklyReport')).resolves.toBe('sent');
      await expect(installed.repo.runJob('drainInboxOutbox')).resolves.toMatchObject({ failed: 0 });
    } finally {
      repo.remove();
    }
  });

  it('builds through a --site path whose parent folder is a symbolic link, and the result runs: the site is where the link points', async () => {
    const repo = siteRepo(SITE);
    const links = mkdtempSync(join(tmpdir(), 'linked-sites-'));
    try {
      symlinkSync(dirname(repo.dir), join(links, 'sites'));
      buildSite({ root: join(__dirname, '..', '..'), target: join(links, 'sites', 'my-site'), mode: 'site' });

      const { site, installed } = startBuiltSite({ root: join(links, 'sites', 'my-site') });
      site.data.defineCollection('SiteLog', { permissions: ADMIN });
      expect(installed.notCalled.map((n) => n.file)).toEqual(['src/backend/events.js']);
      const member = controlsFor(site).seed.member({ email: 'lin@example.com', firstName: 'Lin' });
      await site.events.settle();
      expect(site.data.inspectCollection('SiteLog').map((row) => row.subject)).toEqual([member._id]);
      expect(repo.read('src/backend/events.js')).toContain('export async function wixMembers_onMemberCreated(event) {');
    } finally {
      rmSync(links, { recursive: true, force: true });
      repo.remove();
    }
  });

  it("keeps the site's edit to its composed `export const X = async (event) => …` handler across two more builds, and runs the edited code", async () => {
    const handler = (version: string) =>
      `import wixData from 'wix-data';\n\nexport const wixMembers_onMemberCreated = async (event) => {\n  await wixData.insert('SiteLog', { kind: '${version}', subject: event.entity._id }, { suppressAuth: true });\n};\n`;
    const repo = siteRepo(minimalSite({ 'src/backend/events.js': handler('v1') }));
    const fresh = siteRepo(minimalSite({ 'src/backend/events.js': handler('v2') }));
    try {
      repo.build();
      repo.build();
      repo.write('src/backend/events.js', repo.read('src/backend/events.js').replace("kind: 'v1'", "kind: 'v2'"));
      repo.build();
      repo.build();
      fresh.build();
      expect(repo.read('src/backend/events.js')).toBe(fresh.read('src/backend/events.js'));

      const { site } = startBuiltSite({ root: repo.dir });
      site.data.defineCollection('SiteLog', { permissions: ADMIN });
      const member = controlsFor(site).seed.member({ email: 'eve@example.com', firstName: 'Eve' });
      await site.events.settle();
      expect(site.data.inspectCollection('SiteLog').map((row) => row.kind)).toEqual(['v2']);
      const conversation = site.inbox.conversationOf({ memberId: member._id })?.conversation._id ?? '';
      expect(site.inbox.messagesOf(conversation).map((m) => m.message.content?.template?.title)).toEqual(['Welcome aboard, Eve!']);
    } finally {
      repo.remove();
      fresh.remove();
    }
  });
});

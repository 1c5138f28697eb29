import { randomUUID } from 'node:crypto';
import { LocalSite, ui, uiApp } from 'wix-emulator/ui';
import { createSiteFromRepo } from 'wix-emulator/site-repo';
import { onBuiltRepo } from '../../scripts/workbench/local-site-options';
import { captureLogs } from '../support/captured-logs';
import { siteBuiltWithVeloInbox } from '../support/site-built-with-velo-inbox';

/** The local UI on a site repo of its own (npm start -- --site): what Wix would not call is shown, the job comes from jobs.config. */

const ORIGIN = 'http://127.0.0.1';
const HOME = { title: 'Home', modulePath: 'src/pages/Home.c1dmp.js', elements: {} } as const;

async function openRepo() {
  captureLogs();
  const root = siteBuiltWithVeloInbox('member-roles');
  const { site, repo, notCalled } = createSiteFromRepo(root);
  const local = await LocalSite.open({ ...onBuiltRepo(site, repo), notCalled, page: HOME });
  return { site, local, app: uiApp(local) };
}

describe('the local UI on a site repo', () => {
  it('lists the handlers Wix never calls on the backend view, with file, line and reason', async () => {
    const { app } = await openRepo();
    const html = await (await app.request(`${ORIGIN}${ui('/backend')}`)).text();
    expect(html).toContain('Handlers Wix never calls');
    expect(html).toContain('not called by Wix: wixCrm_onContactCreated (src/backend/events.js:23): re-export');
  }, 30_000);

  it("runs the outbox job where the site's commented jobs.config says it is", async () => {
    const { app } = await openRepo();
    const posted = await app.request(`${ORIGIN}${ui('/backend/job')}`, {
      method: 'POST',
      body: new URLSearchParams({ formToken: randomUUID(), return: '/backend' }),
      headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(posted.status).toBe(303);
    const cookie = posted.headers.get('Set-Cookie')?.split(';')[0] ?? '';
    const html = await (await app.request(`${ORIGIN}${ui('/backend')}`, { headers: { Cookie: cookie } })).text();
    expect(html).toContain('<p class="notice ok">Outbox job: 0 intent(s) taken, 0 failed.</p>');
  }, 30_000);
});

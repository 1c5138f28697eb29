import { join } from 'node:path';
import { mergeEvents, OLD_COMPOSED_MARK } from '../../scripts/build/events-block';
import { BLOCK_BEGIN, BLOCK_END } from '../../scripts/build/marked-block';
import { exportsWixDoesNotCall, findExports } from 'wix-emulator/site-repo';
import { startBuiltSite } from '../support/built-site-with-code';
import { minimalSite, siteRepo, type SiteRepo } from '../support/site-repo';

// Tests here build velo-inbox into a site (transpiling all of src/): seconds each on a busy machine.
jest.setTimeout(60_000);

// Issue 16: the merged events.js exported velo-inbox's handlers as `export { veloInbox_X as X }` and took `export` off
// the site's own handler of the same name. Wix calls neither form: the site's handler and velo-inbox's both stopped.

const fixture = join(__dirname, '..', 'toolchain', 'fixtures', 'wix-site');
const HANDLERS = ['wixMembers_onMemberCreated', 'wixCrm_onFormSubmit'];

const SITE_EVENTS = `// The site's handlers.
export function wixMembers_onMemberCreated(event) {
  globalThis.ran.push('site');
  if (event.siteFails) throw new Error('site handler failed');
}

export const wixStores_onNewOrder = async (event) => {
  globalThis.ran.push('order');
};
`;

/** A stand-in for velo-inbox's built module: records its calls, fails as told. */
const INBOX_EVENTS = {
  works: `export async function wixMembers_onMemberCreated(event) { globalThis.ran.push('inbox'); }\nexport async function wixCrm_onFormSubmit(event) { globalThis.ran.push('inbox-form'); }\n`,
  throws: `export async function wixMembers_onMemberCreated(event) { globalThis.ran.push('inbox'); throw new Error('inbox handler failed'); }\nexport async function wixCrm_onFormSubmit() {}\n`,
  doesNotLoad: `throw new Error('inbox module failed to load');\nexport async function wixMembers_onMemberCreated() {}\n`,
};

const ran: string[] = [];
let site: SiteRepo;
beforeEach(() => {
  ran.length = 0;
  (globalThis as unknown as { ran: string[] }).ran = ran;
});
afterEach(() => site?.remove());

/** The merged events.js's handlers Wix would call, as the emulator's site-repo loader finds them: no others. */
function builtWith(inbox: keyof typeof INBOX_EVENTS): Record<string, (event: object) => Promise<unknown>> {
  site = siteRepo(minimalSite({ 'src/backend/events.js': mergeEvents(SITE_EVENTS, HANDLERS).text, 'src/backend/inbox-events.js': INBOX_EVENTS[inbox] }));
  const { installed } = startBuiltSite({ root: site.dir });
  expect(installed.notCalled).toEqual([]);
  return installed.repo.eventHandlers().handlers as Record<string, (event: object) => Promise<unknown>>;
}

describe('a site built with velo-inbox exports every handler in a form Wix calls', () => {
  it("declares velo-inbox's handlers and the composed one as export functions, and leaves none Wix would skip", () => {
    site = siteRepo(fixture);
    site.build();
    const events = site.read('src/backend/events.js');

    expect(exportsWixDoesNotCall(events, 'events.js')).toEqual([]);
    expect(findExports(events, 'events.js').filter((e) => e.name === 'wixMembers_onMemberCreated')).toEqual([expect.objectContaining({ form: 'function', calledByWix: true })]);
  });

  it("runs the site's handler, then velo-inbox's, for one event", async () => {
    await builtWith('works').wixMembers_onMemberCreated!({});

    expect(ran).toEqual(['site', 'inbox']);
  });

  it("still runs velo-inbox's handler when the site's throws, then rethrows the site's error", async () => {
    await expect(builtWith('works').wixMembers_onMemberCreated!({ siteFails: true })).rejects.toThrow('site handler failed');

    expect(ran).toEqual(['site', 'inbox']);
  });

  it("runs the site's handler when velo-inbox's throws, and rethrows velo-inbox's error", async () => {
    await expect(builtWith('throws').wixMembers_onMemberCreated!({})).rejects.toThrow('inbox handler failed');

    expect(ran).toEqual(['site', 'inbox']);
  });

  it("runs the site's handlers when velo-inbox's module fails to load: only velo-inbox's own handlers fail", async () => {
    const events = builtWith('doesNotLoad');

    await expect(events.wixMembers_onMemberCreated!({})).rejects.toThrow('inbox module failed to load');
    await events.wixStores_onNewOrder!({});
    await expect(events.wixCrm_onFormSubmit!({})).rejects.toThrow('inbox module failed to load');

    expect(ran).toEqual(['site', 'order']);
  });

  it('hides neither error when both handlers fail', async () => {
    const failure = (await builtWith('throws').wixMembers_onMemberCreated!({ siteFails: true }).catch((error: unknown) => error)) as Error & { errors: Error[] };

    expect(failure.message).toMatch(/site handler failed[\s\S]*inbox handler failed/);
    expect(failure.errors.map((e) => e.message)).toEqual(['site handler failed', 'inbox handler failed']);
  });

  it('migrates a site the old build merged into: its handler gets its export back and is composed as a fresh build would', () => {
    const oldBuild = [
      SITE_EVENTS.replace('export function wixMembers_onMemberCreated', `${OLD_COMPOSED_MARK} function wixMembers_onMemberCreated`),
      BLOCK_BEGIN,
      `import * as veloInboxEvents from 'backend/inbox-events';`,
      `import { runSiteHandlerThen } from 'backend/inbox-events';`,
      `const veloInbox_wixMembers_onMemberCreated = runSiteHandlerThen(wixMembers_onMemberCreated, veloInboxEvents.wixMembers_onMemberCreated);`,
      `const veloInbox_wixCrm_onFormSubmit = veloInboxEvents.wixCrm_onFormSubmit;`,
      `export {`,
      `  veloInbox_wixMembers_onMemberCreated as wixMembers_onMemberCreated,`,
      `  veloInbox_wixCrm_onFormSubmit as wixCrm_onFormSubmit,`,
      `};`,
      BLOCK_END,
      '',
    ].join('\n');

    expect(mergeEvents(oldBuild, HANDLERS).text).toBe(mergeEvents(SITE_EVENTS, HANDLERS).text);
  });
});

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { conversations } from 'wix-inbox.v2';
import { controlsFor, createSite, useSite, type Site, type SiteState } from '../src';
import { startSite } from '../src/testing';
import { backend, buildSite, type BuiltSite } from './persistence-fixture';

let dir: string;
let site: Site;
let built: BuiltSite;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'velo-emulator-'));
  site = startSite();
  built = await buildSite(site);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('controls.saveTo / loadFrom', () => {
  it('saveTo writes the site’s exported state as JSON', async () => {
    const file = join(dir, 'site.json');
    await controlsFor(site).saveTo(file);
    const saved = JSON.parse(await readFile(file, 'utf8')) as SiteState;
    expect(saved).toStrictEqual(site.exportState());
  });

  it('loadFrom gives a new site the same state, and the shims then serve it', async () => {
    const file = join(dir, 'site.json');
    await controlsFor(site).saveTo(file);

    const loaded = createSite();
    await controlsFor(loaded).loadFrom(file);
    useSite(loaded);

    expect(loaded.exportState()).toStrictEqual(site.exportState());
    const again = await backend(loaded, () => conversations.getOrCreateConversation({ memberId: built.ada.memberId }));
    expect(again).toMatchObject({ newConversation: false, conversation: { _id: built.adaThread } });
  });

  it('loadFrom replaces the state of a site that already holds some', async () => {
    const file = join(dir, 'site.json');
    await controlsFor(site).saveTo(file);
    const other = startSite();
    controlsFor(other).seed.contact({ name: { first: 'Overwritten' } });

    await controlsFor(other).loadFrom(file);

    expect(controlsFor(other).inspect.contacts().map((c) => c._id)).toEqual(controlsFor(site).inspect.contacts().map((c) => c._id));
  });

  it('loadFrom of a missing file rejects and leaves the site as it was', async () => {
    const before = site.exportState();
    await expect(controlsFor(site).loadFrom(join(dir, 'missing.json'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(site.exportState()).toStrictEqual(before);
  });
});

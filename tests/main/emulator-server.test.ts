import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contacts } from '@wix/crm';
import { items } from '@wix/data';
import { auth } from '@wix/essentials';
import { apiKeyClient, controlsFor, createSite, enableSiteSdkContext, httpTarget, runAs } from 'wix-emulator';
import { startEmulator, stop, type Started } from '../support/emulator-process';

/** `npm run emulator` as a process: started on a free port, answered by a real SDK client over HTTP, stopped. */
let emulator: Started | undefined;
let url = '';

beforeAll(async () => {
  emulator = await startEmulator(['--seed', '9']);
  url = emulator.url;
}, 70_000);

afterAll(() => stop(emulator));

const control = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${url}/_emulator${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.status).toBe(200);
  return response.json() as Promise<unknown>;
};

describe('npm run emulator', () => {
  it('serves the project site to a real SDK client over HTTP, with the controls beside it', async () => {
    const wix = apiKeyClient(httpTarget(url), { contacts, items });
    const seeded = (await control('POST', '/seed/contacts', { info: { name: { first: 'Ann' }, emails: [{ email: 'ann@example.com' }] } })) as { _id: string };

    const page = await wix.contacts.queryContacts().eq('primaryInfo.email', 'ann@example.com').find();
    expect(page.items.map((c) => c._id)).toEqual([seeded._id]);

    // The project's collections exist from the start.
    await wix.items.insert('InboxOutbox', { _id: 'intent-1', at: new Date('2026-01-02T00:00:00.000Z') });
    const duplicate = (await wix.items.insert('InboxOutbox', { _id: 'intent-1' }).catch((e: unknown) => e)) as { details?: { applicationError?: { code?: string } } };
    expect(duplicate.details?.applicationError?.code).toBe('WDE0074');
    expect((await wix.items.get('InboxOutbox', 'intent-1'))?.at).toBeInstanceOf(Date);

    expect(await control('GET', '/inspect/collections/InboxOutbox')).toEqual([expect.objectContaining({ _id: 'intent-1' })]);
    expect(await control('GET', '/journal?operation=data.insert')).toHaveLength(2);

    // After a reset the site is empty but still set up: the collections are there again.
    await control('POST', '/reset');
    expect(await control('GET', '/inspect/contacts')).toEqual([]);
    await expect(wix.items.insert('InboxOutbox', { _id: 'intent-1' })).resolves.toMatchObject({ _id: 'intent-1' });
  }, 30_000);

  it('carries the site-code caller over HTTP: a visitor is refused an admin call, auth.elevate lets it through', async () => {
    const seeded = (await control('POST', '/seed/contacts', { info: { emails: [{ email: 'cy@example.com' }] } })) as { _id: string };
    const context = enableSiteSdkContext(httpTarget(url));
    try {
      const visitor = { kind: 'visitor', visitorId: 'v-http' } as const;
      await expect(runAs(visitor, () => contacts.getContact(seeded._id))).rejects.toMatchObject({ status: 403 });
      await expect(runAs(visitor, () => auth.elevate(contacts.getContact)(seeded._id))).resolves.toMatchObject({ _id: seeded._id });
    } finally {
      context.disable();
    }
    const journal = (await control('GET', '/journal?operation=contacts.getContact')) as { caller: unknown; elevated: boolean }[];
    expect(journal.map((e) => [e.caller, e.elevated])).toEqual([
      [{ kind: 'visitor', visitorId: 'v-http' }, false],
      [{ kind: 'visitor', visitorId: 'v-http' }, true],
    ]);
  });

  it('injects faults over the control routes', async () => {
    const wix = apiKeyClient(httpTarget(url), { items });
    await control('POST', '/faults', { operation: 'data.get', status: 503, times: 1 });
    // Wix's data client keeps only `details`: a gateway failure reaches site code as the status number in the code.
    await expect(wix.items.get('InboxOutbox', 'x')).rejects.toMatchObject({ details: { applicationError: { code: 503 } } });
    await expect(wix.items.get('InboxOutbox', 'x')).resolves.toBeNull();
  });
});

describe('npm run emulator --load', () => {
  let dir = '';
  let loaded: Started | undefined;
  afterAll(async () => {
    await stop(loaded);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('starts from a saved state, keeping its collections and adding the missing ones', async () => {
    dir = await mkdtemp(join(tmpdir(), 'emulator-load-'));
    const file = join(dir, 'site.json');
    const saved = createSite({ seed: 4 });
    const ann = saved.contacts.seedContact({ name: { first: 'Ann' }, emails: [{ email: 'ann@example.com' }] });
    saved.data.defineCollection('InboxOutbox', {});
    saved.data.seedItems('InboxOutbox', [{ _id: 'kept' }]);
    await controlsFor(saved).saveTo(file);

    loaded = await startEmulator(['--load', file]);
    const wix = apiKeyClient(httpTarget(loaded.url), { contacts, items });
    expect((await wix.contacts.getContact(ann._id))._id).toBe(ann._id);
    expect(await wix.items.get('InboxOutbox', 'kept')).toMatchObject({ _id: 'kept' });
    await expect(wix.items.insert('InboxRateLimits', { _id: 'slot' })).resolves.toMatchObject({ _id: 'slot' });
  }, 70_000);
});

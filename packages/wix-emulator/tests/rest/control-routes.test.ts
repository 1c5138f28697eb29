import { CONTROL_PREFIX, restApp, type Site } from '../../src';
import { startSite } from '../../src/testing';

/** The test-only controls over HTTP, apart from the emulated API paths; each delegates to controlsFor(site). */
let site: Site;
let app: ReturnType<typeof restApp>;
let resets = 0;

beforeEach(() => {
  site = startSite({ seed: 2 });
  resets = 0;
  app = restApp(site, { afterReset: (s) => {
    resets += 1;
    s.data.defineCollection('Outbox', {});
  } });
});

const control = async (method: string, path: string, body?: unknown) => {
  const response = await app.fetch(
    new Request(`http://127.0.0.1${CONTROL_PREFIX}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
  return { status: response.status, body: (await response.json()) as unknown };
};

describe('control routes', () => {
  it('seed a member and act: the visitor chats, signs up, logs in; inspection shows the merged conversation', async () => {
    await control('POST', '/act/participant-messages', { participantId: { anonymousVisitorId: 'v-1' }, content: 'Hello' });
    const member = (await control('POST', '/seed/members', { email: 'ann@example.com', visitorId: 'v-1' })).body as { _id: string };
    const login = (await control('POST', '/act/log-in', { memberId: member._id })).body as { caller: { kind: string; memberId: string } };
    expect(login.caller).toMatchObject({ kind: 'member', memberId: member._id });

    const conversations = (await control('GET', '/inspect/conversations')).body as { participantId: unknown; mergedInto?: string; messageCount: number }[];
    expect(conversations.filter((c) => c.mergedInto === undefined)).toEqual([expect.objectContaining({ participantId: { memberId: member._id }, messageCount: 1 })]);
    expect(((await control('GET', '/inspect/merges')).body as unknown[]).length).toBe(2);
    expect((await control('GET', '/inspect/events?name=wixMembers_onMemberCreated')).body).toHaveLength(1);
  });

  it('submit a form as a caller and seed a collection with items', async () => {
    const submitted = await control('POST', '/act/submit-form', {
      caller: { kind: 'visitor', visitorId: 'v-2' },
      submission: { generation: 'wixFormsV2', formName: 'Contact us', fields: { email: 'bob@example.com', first_name: 'Bob' } },
    });
    expect(submitted.status).toBe(200);
    expect((await control('GET', '/inspect/contacts')).body).toEqual([expect.objectContaining({ primaryInfo: { email: 'bob@example.com' } })]);
    const items = await control('POST', '/seed/collections', { name: 'Notes', permissions: { read: 'Admin' }, items: [{ _id: 'n1' }] });
    expect(items.body).toEqual([expect.objectContaining({ _id: 'n1' })]);
    expect((await control('GET', '/inspect/collections/Notes')).body).toHaveLength(1);
  });

  it('move the clock, set latency, inject and clear faults, read the journal', async () => {
    expect((await control('POST', '/clock', { now: '2026-05-01T00:00:00.000Z', advanceMs: 1000 })).body).toEqual({ now: '2026-05-01T00:00:01.000Z' });
    expect((await control('GET', '/clock')).body).toEqual({ now: '2026-05-01T00:00:01.000Z' });
    await control('PUT', '/latency', { ms: 250 });
    expect(site.kernel.latencyMs).toBe(250);

    await control('POST', '/faults', { operation: 'contacts.getContact', status: 429 });
    await expect(site.as({ kind: 'admin', visitorId: 'a', userId: 'u' }, () => site.contacts.getContact('x'))).rejects.toMatchObject({ status: 429 });
    await control('POST', '/faults', { operation: 'contacts.getContact', status: 429 });
    await control('DELETE', '/faults');
    await expect(site.as({ kind: 'admin', visitorId: 'a', userId: 'u' }, () => site.contacts.getContact('x'))).rejects.toMatchObject({ status: 404 });
    expect((await control('GET', '/journal?operation=contacts.getContact')).body).toHaveLength(2);
  });

  it('export, reset (then set the site up again) and import the state', async () => {
    await control('POST', '/seed/contacts', { info: { emails: [{ email: 'ann@example.com' }] } });
    const state = (await control('GET', '/state')).body;
    await control('POST', '/reset');
    expect(resets).toBe(1);
    expect((await control('GET', '/inspect/contacts')).body).toEqual([]);
    expect((await control('GET', '/inspect/collections/Outbox')).body).toEqual([]);
    await control('PUT', '/state', state);
    expect((await control('GET', '/inspect/contacts')).body).toHaveLength(1);
    expect((await control('POST', '/settle')).status).toBe(200);
  });

  it('answer a misused control 400 with a message, and never need credentials', async () => {
    const bad = await control('POST', '/faults', { status: 503 });
    expect(bad).toEqual({ status: 400, body: { message: expect.stringContaining('operation') } });
    expect((await control('POST', '/clock', { now: 'yesterday' })).status).toBe(400);
    expect((await control('GET', '/inspect/collections/Nope')).status).toBe(400);
  });
});

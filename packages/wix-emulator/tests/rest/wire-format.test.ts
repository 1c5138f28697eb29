import { contacts } from '@wix/crm';
import { items } from '@wix/data';
import { apiKeyClient, restApp, type Site } from '../../src';
import { seedContact } from '../../src/testing';
import { startSite } from '../../src/testing';

/** What goes over the wire, read raw with app.fetch: Wix's names, ISO dates, Wix's error bodies and statuses. */
let site: Site;
let app: ReturnType<typeof restApp>;

beforeEach(() => {
  site = startSite({ seed: 3 });
  site.data.defineCollection('Outbox', {});
  app = restApp(site);
});

const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = { authorization: 'key' }) => {
  const response = await app.fetch(
    new Request(`https://www.wixapis.com${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
  return { status: response.status, statusText: response.statusText, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
};

describe('the REST face speaks Wix wire format', () => {
  it('names entity IDs and dates as the wire does: id, createdDate, ISO strings', async () => {
    const contactId = seedContact(site, { email: 'ann@example.com', first: 'Ann' });
    const { status, body } = await call('GET', `/contacts/v4/contacts/${contactId}`);
    expect(status).toBe(200);
    const contact = body.contact as Record<string, unknown>;
    expect(contact).toMatchObject({ id: contactId, createdDate: '2026-01-01T09:00:00.000Z' });
    expect(contact).not.toHaveProperty('_id');
    expect(contact.info).toMatchObject({ emails: { items: [expect.objectContaining({ email: 'ann@example.com', id: expect.any(String) })] } });
  });

  it('keeps data-item fields as the item has them, dates as {$date}', async () => {
    const { body } = await call('POST', '/wix-data/v2/items', { dataCollectionId: 'Outbox', dataItem: { data: { _id: 'a', due: { $date: '2026-02-01T00:00:00.000Z' } } } });
    expect(body.dataItem).toEqual({
      id: 'a',
      dataCollectionId: 'Outbox',
      data: expect.objectContaining({ _id: 'a', due: { $date: '2026-02-01T00:00:00.000Z' }, _createdDate: { $date: '2026-01-01T09:00:00.000Z' } }),
    });
  });

  it('answers a duplicate insert 409 with WDE0074 in details.applicationError', async () => {
    const insert = () => call('POST', '/wix-data/v2/items', { dataCollectionId: 'Outbox', dataItem: { id: 'a', data: {} } });
    await insert();
    const { status, statusText, body, headers } = await insert();
    expect([status, statusText]).toEqual([409, 'Conflict']);
    expect(body).toEqual({
      message: expect.stringMatching(/^WDE0074/),
      details: { applicationError: { code: 'WDE0074', description: expect.stringMatching(/^WDE0074/), data: {} } },
    });
    expect(headers.get('x-wix-request-id')).toEqual(expect.any(String));
  });

  it('answers bad input 400 with validation field violations', async () => {
    const { status, body } = await call('POST', '/contacts/v4/contacts/query', { query: { paging: { limit: 'ten' } } });
    expect(status).toBe(400);
    expect(body.details).toEqual({
      validationError: { fieldViolations: [{ field: 'query.paging.limit', description: 'must be an integer', violatedRule: 'VALIDATION' }] },
    });
  });

  it('refuses a filter operator the service does not support rather than ignoring it', async () => {
    const { status, body } = await call('POST', '/contacts/v4/contacts/query', { query: { filter: { 'info.emails.email': { $regex: 'a' } } } });
    expect(status).toBe(400);
    expect(JSON.stringify(body.details)).toContain('$regex');
  });

  it('answers 401 without credentials, 404 on a path it does not emulate', async () => {
    const anonymous = await call('GET', '/contacts/v4/contacts/x', undefined, {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ details: { applicationError: { code: 'UNAUTHORIZED' } } });
    const unknown = await call('POST', '/stores/v1/products/query', {});
    expect(unknown.status).toBe(404);
  });

  it('refuses a caller header that names no caller', async () => {
    const { status } = await call('GET', '/members/v1/members/my', undefined, { 'x-emulator-caller': '{"kind":"owner"}' });
    expect(status).toBe(400);
  });
});

describe('injected faults reach the SDK as Wix failures', () => {
  it('a 503 goes out bare (status, Retry-After, no details); the real client reports the status as the code', async () => {
    site.faults.inject('contacts.getContact', { status: 503, retryAfterSeconds: 7 });
    const raw = await call('GET', '/contacts/v4/contacts/x');
    expect(raw.status).toBe(503);
    expect(raw.headers.get('retry-after')).toBe('7');
    expect(raw.body).not.toHaveProperty('details');

    site.faults.inject('contacts.getContact', { status: 503 });
    const wix = apiKeyClient(app, { contacts });
    // @wix/sdk's fetch layer turns a response without details into an application error whose code is the status.
    await expect(wix.contacts.getContact('x')).rejects.toMatchObject({ status: 503, details: { applicationError: { code: 503 } } });
  });

  it('a wix-data response lost after the write: the client sees a failure, the item is stored', async () => {
    site.faults.inject('data.insert', { responseLost: true });
    const wix = apiKeyClient(app, { items });
    const lost = (await wix.items.insert('Outbox', { _id: 'a' }).catch((e: unknown) => e)) as Error & { status?: number };
    expect(lost).toBeInstanceOf(Error);
    expect(site.data.inspectCollection('Outbox').map((i) => i._id)).toEqual(['a']);
    const again = (await wix.items.insert('Outbox', { _id: 'a' }).catch((e: unknown) => e)) as { details?: { applicationError?: { code?: string } } };
    expect(again.details?.applicationError?.code).toBe('WDE0074');
  });

  it('every REST call goes through the kernel door: journalled with the API-key admin as caller', async () => {
    const wix = apiKeyClient(app, { items });
    await wix.items.insert('Outbox', { _id: 'a' });
    expect(site.journal.entries('data.insert')).toEqual([
      expect.objectContaining({ caller: expect.objectContaining({ kind: 'admin' }), outcome: 'ok', applied: true }),
    ]);
  });
});

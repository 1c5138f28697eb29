import { elevate } from 'wix-auth';
import { contacts } from 'wix-crm-backend';
import wixData from 'wix-data';
import { conversations, messages } from 'wix-inbox.v2';
import { controlsFor, type Site } from '../src';
import { callers, startSite } from '../src/testing';

let site: Site;
beforeEach(() => {
  site = startSite();
});

const asAdmin = <T>(fn: () => T): T => site.as(callers.admin(), fn);
const newContact = (email: string) => controlsFor(site).seed.contact({ emails: [{ email }] });
const getContact = (id: string) => asAdmin(() => contacts.getContact(id));
const outcome = (call: Promise<unknown>): Promise<string> =>
  call.then(
    () => 'ok',
    (error: { status?: number; code?: string }) => `${error.status ?? ''}${error.code ? ` ${error.code}` : ''}`.trim(),
  );

describe('journal', () => {
  it('records each call: operation, caller, elevation, args, result, time, outcome and applied', async () => {
    const contact = newContact('j@example.com');
    site.clock.advance(5_000);
    await site.as(callers.visitor('v-j'), () => elevate(contacts.getContact)(contact._id));

    expect(site.journal.entries()).toEqual([
      {
        seq: 1,
        at: site.clock.now().toISOString(),
        operation: 'contacts.getContact',
        caller: callers.visitor('v-j'),
        elevated: true,
        args: [contact._id, {}],
        outcome: 'ok',
        result: expect.objectContaining({ _id: contact._id }),
        error: undefined,
        applied: true,
        latencyMs: 0,
      },
    ]);
  });

  it('records a failed call with the error’s message, status and code, and applied: false', async () => {
    await site.as(callers.visitor('v-j'), () => contacts.getContact('00000000-0000-4000-8000-000000000000')).catch(() => undefined);

    expect(site.journal.entries('contacts.getContact')).toEqual([
      expect.objectContaining({
        caller: callers.visitor('v-j'),
        elevated: false,
        outcome: 'error',
        result: undefined,
        error: { message: expect.stringContaining('Insufficient permissions'), status: 403, code: 'FORBIDDEN' },
        applied: false,
      }),
    ]);
  });

  it('names the suppressAuth calls as elevated, and records wix-data error codes', async () => {
    controlsFor(site).seed.collection('Private', { read: 'Admin' });
    await site.as(callers.visitor(), () => wixData.query('Private').find({ suppressAuth: true }));
    await site.as(callers.visitor(), () => wixData.query('Private').find()).catch(() => undefined);

    expect(site.journal.entries('data.query').map((e) => [e.elevated, e.outcome, e.error?.code])).toEqual([
      [true, 'ok', undefined],
      [false, 'error', 'WD_PERMISSION_DENIED'],
    ]);
  });

  it('filters by operation name or predicate and counts by outcome', async () => {
    const contact = newContact('c@example.com');
    await getContact(contact._id);
    await getContact('00000000-0000-4000-8000-000000000000').catch(() => undefined);
    await asAdmin(() => contacts.queryContacts().find());

    expect(site.journal.entries('contacts.getContact')).toHaveLength(2);
    expect(site.journal.entries((e) => e.outcome === 'error').map((e) => e.error?.code)).toEqual(['CONTACT_NOT_FOUND']);
    expect(site.journal.count('contacts.getContact')).toBe(2);
    expect(site.journal.count('contacts.getContact', 'ok')).toBe(1);
    expect(site.journal.count('contacts.queryContacts', 'error')).toBe(0);
  });

  it('records nothing while disabled, and clear() empties it', async () => {
    const contact = newContact('off@example.com');
    site.journal.enabled = false;
    await getContact(contact._id);
    expect(site.journal.entries()).toEqual([]);
    site.journal.enabled = true;
    await getContact(contact._id);
    expect(site.journal.entries()).toHaveLength(1);
    site.journal.clear();
    expect(site.journal.entries()).toEqual([]);
  });

  it('keeps its own copy of a result: a caller changing what it got back leaves the entry as it was', async () => {
    const contact = newContact('copy@example.com');
    const got = await getContact(contact._id);
    const journaled = structuredClone(site.journal.entries('contacts.getContact')[0]?.result);
    got.info.name = { first: 'Changed' };
    got.info.emails?.push({ _id: 'e2', tag: 'UNTAGGED', email: 'more@example.com', primary: false });
    got._createdDate.setTime(0);

    const entry = site.journal.entries('contacts.getContact')[0];
    expect(entry?.result).toEqual(journaled);
    expect(entry?.result).toEqual(site.contacts.inspectContact(contact._id));
    expect((entry?.result as { _createdDate: unknown })._createdDate).toBeInstanceOf(Date);
  });

  it('keeps its own copy of wix-data query results and of the arguments a call was made with', async () => {
    controlsFor(site).seed.collection('Notes', { read: 'Anyone' }, [{ _id: 'n1', title: 'kept' }]);
    const result = await site.as(callers.visitor(), () => wixData.query('Notes').find());
    (result.items[0] as { title: string }).title = 'changed';
    result.items.push({ _id: 'n2' });
    const info = { name: { first: 'Before' }, emails: [{ email: 'arg@example.com' }] };
    await site.as(callers.visitor('v-args'), () => contacts.appendOrCreateContact(info));
    info.name.first = 'After';
    info.emails.length = 0;

    expect(site.journal.entries('data.query')[0]?.result).toEqual({ items: [expect.objectContaining({ _id: 'n1', title: 'kept' })], total: 1 });
    expect(site.journal.entries('contacts.appendOrCreateContact')[0]?.args).toEqual([
      { name: { first: 'Before' }, emails: [{ email: 'arg@example.com' }] },
    ]);
  });

  it('keeps values that are not plain data (functions, class instances) as they are', async () => {
    const handle = new Map([['k', 1]]);
    const callback = () => 'x';
    await site.as(callers.admin(), () =>
      site.kernel.operate('test.echo', [callback], { access: 'anyone', errorStyle: 'v2' }, () => ({ handle, callback })),
    );
    const entry = site.journal.entries('test.echo')[0];
    expect(entry?.args[0]).toBe(callback);
    expect((entry?.result as { handle: unknown }).handle).toBe(handle);
  });
});

describe('faults', () => {
  it('fails the next call of the operation once by default, Wix-shaped (503 system error)', async () => {
    const contact = newContact('f@example.com');
    site.faults.inject('contacts.getContact');

    const error = await getContact(contact._id).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', requestId: expect.any(String) });
    expect(error).toBeInstanceOf(Error);
    await expect(getContact(contact._id)).resolves.toMatchObject({ _id: contact._id });
  });

  it('fails exactly `times` calls, then lets them through; other operations are untouched', async () => {
    const contact = newContact('t@example.com');
    site.faults.inject('contacts.getContact', { status: 500, times: 2 });

    const results = [];
    for (let i = 0; i < 3; i += 1) results.push(await outcome(getContact(contact._id)));
    expect(results).toEqual(['500 INTERNAL_SERVER_ERROR', '500 INTERNAL_SERVER_ERROR', 'ok']);
    await expect(asAdmin(() => contacts.queryContacts().find())).resolves.toBeDefined();
  });

  it('uses the given application error code (v2) or wix-data code', async () => {
    controlsFor(site).seed.collection('Open', {});
    site.faults.inject('inbox.getOrCreateConversation', { status: 409, code: 'SOMETHING_CONFLICTED' });
    site.faults.inject('data.query', { status: 503 });
    const contact = newContact('codes@example.com');

    await expect(asAdmin(() => conversations.getOrCreateConversation({ contactId: contact._id }))).rejects.toMatchObject({
      status: 409,
      details: { applicationError: { code: 'SOMETHING_CONFLICTED' } },
    });
    await expect(asAdmin(() => wixData.query('Open').find())).rejects.toMatchObject({ code: 'WD_HTTP_503', status: 503 });
  });

  it('throws no Retry-After to site code, as Wix errors carry none (only the REST answer has the header)', async () => {
    const contact = newContact('r@example.com');
    site.faults.inject('contacts.getContact', { status: 429, retryAfterSeconds: 30 });
    const error = await getContact(contact._id).then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ status: 429, details: { applicationError: { code: 'TOO_MANY_REQUESTS' } } });
    expect(error).not.toHaveProperty('retryAfterSeconds');
  });

  it('fails by probability, repeatably for the same seed', async () => {
    const pattern = async (seed: number): Promise<string[]> => {
      site = startSite({ seed });
      const contact = newContact('p@example.com');
      site.faults.inject('contacts.getContact', { probability: 0.5 });
      const results: string[] = [];
      for (let i = 0; i < 40; i += 1) results.push(await outcome(getContact(contact._id)));
      return results;
    };

    const first = await pattern(42);
    expect(await pattern(42)).toEqual(first);
    expect(first).toContain('ok');
    expect(first).toContain('503 SERVICE_UNAVAILABLE');
    expect(await pattern(43)).not.toEqual(first);
  });

  it('`*` fails every operation', async () => {
    const contact = newContact('all@example.com');
    site.faults.inject('*', { status: 502, times: 2 });
    expect(await outcome(getContact(contact._id))).toBe('502 BAD_GATEWAY');
    expect(await outcome(asAdmin(() => contacts.queryContacts().find()))).toBe('502 BAD_GATEWAY');
    expect(await outcome(getContact(contact._id))).toBe('ok');
  });

  it('responseLost: the effect is applied, the caller gets a 504, the journal says applied: true', async () => {
    const contact = newContact('lost@example.com');
    const { conversation } = await asAdmin(() => conversations.getOrCreateConversation({ contactId: contact._id }));
    const conversationId = conversation?._id ?? '';
    site.faults.inject('inbox.sendMessage', { responseLost: true });

    const error = await asAdmin(() =>
      messages.sendMessage(conversationId, {
        direction: 'BUSINESS_TO_PARTICIPANT',
        visibility: 'BUSINESS_AND_PARTICIPANT',
        content: { basic: { items: [{ text: 'did it arrive?' }] } },
      }),
    ).catch((e: unknown) => e);

    expect(error).toMatchObject({ status: 504, code: 'GATEWAY_TIMEOUT' });
    expect(controlsFor(site).inspect.messages(conversationId)).toHaveLength(1);
    expect(site.journal.entries('inbox.sendMessage')).toEqual([
      expect.objectContaining({ outcome: 'error', applied: true, result: undefined, error: expect.objectContaining({ status: 504 }) }),
    ]);
  });

  it('clear() removes injected faults and interleavings', async () => {
    const contact = newContact('clear@example.com');
    let ran = 0;
    site.faults.inject('contacts.getContact', { times: 3 });
    site.faults.interleave('contacts.getContact', () => (ran += 1));
    site.faults.clear();
    await expect(getContact(contact._id)).resolves.toBeDefined();
    expect(ran).toBe(0);
  });
});

describe('interleave', () => {
  it('runs an action just before the next call of the operation proceeds: a merge between resolve and send', async () => {
    const contact = newContact('between@example.com');
    const { conversation } = await asAdmin(() => conversations.getOrCreateConversation({ contactId: contact._id }));
    site.faults.interleave('inbox.sendMessage', () => controlsFor(site).seed.memberSilently({ email: 'between@example.com' }));

    const error = await asAdmin(() =>
      messages.sendMessage(conversation?._id ?? '', {
        direction: 'BUSINESS_TO_PARTICIPANT',
        visibility: 'BUSINESS_AND_PARTICIPANT',
        content: { basic: { items: [{ text: 'too late' }] } },
      }),
    ).catch((e: unknown) => e);

    expect(error).toMatchObject({ status: 404, details: { applicationError: { code: 'CONVERSATION_NOT_FOUND' } } });
  });

  it('awaits an async action, and runs `times` times only', async () => {
    const contact = newContact('async@example.com');
    const order: string[] = [];
    site.faults.interleave(
      'contacts.getContact',
      async () => {
        await new Promise((resolve) => setImmediate(resolve));
        order.push('action');
      },
      2,
    );
    for (let i = 0; i < 3; i += 1) {
      await getContact(contact._id);
      order.push('call');
    }
    expect(order).toEqual(['action', 'call', 'action', 'call', 'call']);
  });
});

describe('latency', () => {
  it('moves the emulated clock by latencyMs per call', async () => {
    const contact = newContact('lat@example.com');
    site.kernel.latencyMs = 120;
    const start = site.clock.nowMs();
    await getContact(contact._id);
    await getContact(contact._id);
    expect(site.clock.nowMs() - start).toBe(240);
  });

  it('overlaps parallel calls: five calls made together take one latency', async () => {
    const contact = newContact('par@example.com');
    site.kernel.latencyMs = 200;
    const start = site.clock.nowMs();
    await Promise.all(Array.from({ length: 5 }, () => getContact(contact._id)));
    expect(site.clock.nowMs() - start).toBe(200);
  });

  it('journals a call at the time it started', async () => {
    const contact = newContact('at@example.com');
    site.kernel.latencyMs = 1_000;
    const startedAt = site.clock.now().toISOString();
    await getContact(contact._id);
    expect(site.journal.entries('contacts.getContact')[0]?.at).toBe(startedAt);
  });
});

describe('clock', () => {
  it('advance moves time forward; set jumps to a date; negative advances are refused', () => {
    const start = site.clock.now();
    site.clock.advance(90_000);
    expect(site.clock.now().getTime() - start.getTime()).toBe(90_000);
    site.clock.set(new Date('2027-06-01T00:00:00.000Z'));
    expect(site.clock.now()).toEqual(new Date('2027-06-01T00:00:00.000Z'));
    expect(() => site.clock.advance(-1)).toThrow(RangeError);
  });

  it('stamps what the APIs create with the emulated time', async () => {
    site.clock.set(new Date('2026-03-04T05:06:07.000Z'));
    const { contactId } = await site.as(callers.visitor(), () => contacts.appendOrCreateContact({ name: { first: 'Timed' } }));
    expect((await getContact(contactId))._createdDate).toEqual(new Date('2026-03-04T05:06:07.000Z'));
  });

  it('onChange calls the listener now and on every change, until unsubscribed', async () => {
    const seen: string[] = [];
    const stop = site.clock.onChange((now) => seen.push(now.toISOString()));
    site.clock.advance(1_000);
    site.clock.set(new Date('2030-01-01T00:00:00.000Z'));
    await site.clock.sleep(500);
    stop();
    site.clock.advance(1_000);

    expect(seen).toEqual([
      '2026-01-01T09:00:00.000Z',
      '2026-01-01T09:00:01.000Z',
      '2030-01-01T00:00:00.000Z',
      '2030-01-01T00:00:00.500Z',
    ]);
  });

  it('sleep costs no real time: it advances the emulated clock', async () => {
    const start = site.clock.nowMs();
    await site.clock.sleep(3_600_000);
    expect(site.clock.nowMs() - start).toBe(3_600_000);
  });

  it('starts at the `now` the site was created with', () => {
    site = startSite({ now: new Date('2025-12-24T18:00:00.000Z') });
    expect(site.clock.now()).toEqual(new Date('2025-12-24T18:00:00.000Z'));
  });
});

import { describe, expect, it } from '@jest/globals';
import * as siteEvents from 'backend/events';
import { checkInboxSetup, setUpInbox } from 'backend/inbox-setup.web';
import { sendToParticipant } from 'backend/inbox.web';
import { SETUP_COLLECTIONS } from 'backend/wix/collections';
import type { Site } from 'wix-emulator';
import { captureLogs } from '../support/captured-logs';
import { callers, startSite } from '../support/emulator';
import { seedContact } from '../support/people';

let site: Site;
beforeEach(() => {
  captureLogs();
  site = startSite({ eventHandlers: siteEvents });
});

const asAdmin = <T>(fn: () => Promise<T>) => site.as(callers.admin(), fn);
const statusOf = (report: { items: readonly { item: string; status: string }[] }) => Object.fromEntries(report.items.map((i) => [i.item, i.status]));

describe('setUpInbox() and checkInboxSetup(): the site checks its own setup', () => {
  it('creates the four admin-only collections on a bare site, then sends work', async () => {
    const result = await asAdmin(() => setUpInbox());

    expect(result).toMatchObject({ ok: true, value: { ready: true } });
    if (!result.ok) throw new Error('unreachable');
    expect(statusOf(result.value)).toEqual({
      'collection InboxOutbox': 'created',
      'collection InboxDeliveries': 'created',
      'collection InboxRateLimits': 'created',
      'collection InboxTemplates': 'created',
      'Wix Members Area': 'ready',
      'Wix Inbox': 'ready',
    });
    for (const name of SETUP_COLLECTIONS) {
      expect(site.journal.entries('data.createDataCollection').some((e) => JSON.stringify(e.args).includes(name))).toBe(true);
    }
    const sent = await asAdmin(() => sendToParticipant({ email: 'ann@example.com' }, 'Hello'));
    expect(sent).toMatchObject({ ok: false, error: { code: 'PARTICIPANT_NOT_FOUND' } }); // past the collections: nobody is called Ann yet
    seedContact(site, { email: 'ann@example.com' });
    await expect(asAdmin(() => sendToParticipant({ email: 'ann@example.com' }, 'Hello'))).resolves.toMatchObject({ ok: true, value: { status: 'sent' } });
  });

  it('creates nothing the second time: everything is ready', async () => {
    await asAdmin(() => setUpInbox());
    const again = await asAdmin(() => setUpInbox());

    expect(again.ok && statusOf(again.value)['collection InboxOutbox']).toBe('ready');
    expect(site.journal.count('data.createDataCollection')).toBe(4);
  });

  it('checkInboxSetup() only reports: each missing collection with how to add it by hand', async () => {
    const result = await asAdmin(() => checkInboxSetup());

    expect(result).toMatchObject({ ok: true, value: { ready: false } });
    if (!result.ok) throw new Error('unreachable');
    expect(result.value.items[0]).toEqual({
      item: 'collection InboxOutbox',
      status: 'missing',
      howToFix: 'In the editor: CMS → Create collection, ID "InboxOutbox", permissions Admin for read, create, update and delete (no fields needed).',
    });
    expect(site.journal.count('data.createDataCollection')).toBe(0);
  });

  it('reports a collection it could not create, with what Wix answered, and still checks the rest', async () => {
    site.faults.inject('data.createDataCollection', { status: 403, code: 'FORBIDDEN', times: 1 });

    const result = await asAdmin(() => setUpInbox());

    if (!result.ok) throw new Error(`unexpected ${result.error.code}`);
    expect(result.value.ready).toBe(false);
    expect(result.value.items[0]).toMatchObject({ item: 'collection InboxOutbox', status: 'missing', failure: 'FORBIDDEN', howToFix: expect.stringContaining('CMS') });
    expect(statusOf(result.value)['collection InboxDeliveries']).toBe('created');
  });

  it('says when the Members Area is missing (its app collection does not exist)', async () => {
    site.faults.inject('data.query', { code: 'WD_SCHEMA_DOES_NOT_EXIST', times: 1 });

    const result = await asAdmin(() => checkInboxSetup());

    expect(result.ok && result.value.items.find((i) => i.item === 'Wix Members Area')).toMatchObject({ status: 'missing', howToFix: expect.stringMatching(/Install the Wix Members Area/) });
  });

  it('says when the Inbox app is missing, from how Inbox refuses a read, having written nothing', async () => {
    site.faults.inject('inbox.listMessages', { status: 404, code: 'INBOX_INSTANCE_NOT_FOUND', times: 1 });

    const result = await asAdmin(() => checkInboxSetup());

    expect(result.ok && result.value.items.find((i) => i.item === 'Wix Inbox')).toMatchObject({ status: 'missing', howToFix: expect.stringMatching(/Install the Wix Inbox app/) });
    expect(site.journal.entries().filter((e) => e.operation.startsWith('inbox.')).map((e) => e.operation)).toEqual(['inbox.listMessages']);
  });

  it('reports a check that failed for another reason as missing, with the code Wix answered', async () => {
    site.faults.inject('inbox.listMessages', { status: 503, times: 1 });

    const result = await asAdmin(() => checkInboxSetup());

    expect(result.ok && result.value.items.find((i) => i.item === 'Wix Inbox')).toMatchObject({ status: 'missing', failure: 'SERVICE_UNAVAILABLE' });
  });

  it('is for admins only: a visitor or a member is refused at the door', async () => {
    await expect(site.as(callers.visitor(), () => setUpInbox())).rejects.toThrow(/Forbidden/);
    await expect(site.as(callers.member('m-1'), () => checkInboxSetup())).rejects.toThrow(/Forbidden/);
    expect(site.journal.count('data.createDataCollection')).toBe(0);
  });
});

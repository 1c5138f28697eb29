import { describe, expect, it } from '@jest/globals';
import * as webModule from 'backend/inbox.web';
import { callers } from '../support/emulator';
import { seedMember } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';
import { byEmail, seedCrowd, tally } from './broadcast-fixture';

const TEXT = 'Opening hours change on Monday';

describe('the broadcast web methods', () => {
  it('an admin starts a broadcast and follows it: the ID, then counts that match the Inbox', async () => {
    const site = startSiteWithCode();
    const people = seedCrowd(site, 8, { memberEvery: 3 });
    const started = await site.as(callers.admin(), () => webModule.sendToMany(byEmail(people), TEXT, { idempotencyKey: 'hours' }));
    expect(started).toMatchObject({ ok: true, value: { broadcastId: 'hours', total: 8, delivery: { sent: 8 } } });
    const status = await site.as(callers.admin(), () => webModule.broadcastStatus('hours'));
    expect(status).toEqual({ ok: true, value: { broadcastId: 'hours', pending: 0, sent: 8, skipped: 0, dead: 0, total: 8 } });
    expect(tally(site, people, TEXT).once).toBe(8);
  });

  it('a member is refused, and nothing is written or sent', async () => {
    const site = startSiteWithCode();
    const people = seedCrowd(site, 3);
    const { memberId } = seedMember(site, { email: 'mia@example.com' });
    const asMember = callers.member(memberId);
    await expect(site.as(asMember, () => webModule.sendToMany(byEmail(people), TEXT))).resolves.toEqual({
      ok: false,
      error: { code: 'PERMISSION_DENIED', message: expect.any(String) },
    });
    await expect(site.as(asMember, () => webModule.broadcastStatus('hours'))).resolves.toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(site.data.inspectCollection('InboxOutbox')).toHaveLength(0);
    expect(tally(site, people, TEXT).messages).toBe(0);
  });

  it('a visitor is refused, and nothing is written or sent', async () => {
    const site = startSiteWithCode();
    const people = seedCrowd(site, 3);
    await expect(site.as(callers.visitor(), () => webModule.sendToMany({ label: 'custom.vip' }, TEXT))).resolves.toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    await expect(site.as(callers.visitor(), () => webModule.broadcastStatus('x'))).resolves.toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(site.data.inspectCollection('InboxOutbox')).toHaveLength(0);
    expect(tally(site, people, TEXT).messages).toBe(0);
  });

  it('bad input gets typed errors: recipients, options a page may not set, a broadcast ID', async () => {
    const site = startSiteWithCode();
    const admin = callers.admin();
    await expect(site.as(admin, () => webModule.sendToMany([], TEXT))).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'recipients' } });
    await expect(site.as(admin, () => webModule.sendToMany({ label: 'x', also: 1 }, TEXT))).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'recipients' } });
    await expect(site.as(admin, () => webModule.sendToMany([{ email: 'a@example.com' }], TEXT, { budgetMs: 60_000 }))).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    await expect(site.as(admin, () => webModule.sendToMany([{ email: 'a@example.com' }], { basic: { items: [] } }))).resolves.toMatchObject({ ok: false, error: { code: 'MESSAGE_INVALID' } });
    // Refused before anything was written: not even the broadcast's own record.
    expect(site.data.inspectCollection('InboxDeliveries')).toHaveLength(0);
    expect(site.data.inspectCollection('InboxOutbox')).toHaveLength(0);
    await expect(site.as(admin, () => webModule.broadcastStatus('no spaces allowed'))).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'broadcastId' } });
    await expect(site.as(admin, () => webModule.broadcastStatus('never-started'))).resolves.toEqual({ ok: true, value: { broadcastId: 'never-started', pending: 0, sent: 0, skipped: 0, dead: 0, total: 0 } });
  });
});

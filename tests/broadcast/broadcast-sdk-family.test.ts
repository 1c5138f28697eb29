import { describe, expect, it } from '@jest/globals';
import { sendToMany } from 'backend/inbox/broadcast';
import { broadcastStatus } from 'backend/inbox/broadcast-status';
import { sdkPorts } from 'backend/wix-sdk/composition';
import { SDK_MODULES } from 'backend/wix-sdk/modules';
import { assembleDependencies } from 'backend/wix/assemble';
import { REQUIRED_COLLECTIONS } from 'backend/wix/collections';
import { apiKeyClient, restApp } from 'wix-emulator';
import { startSite } from '../support/emulator';
import { byEmail, seedCrowd, tally } from './broadcast-fixture';
import { ADMIN_ONLY } from '../../scripts/workbench/admin-only';

const TEXT = 'Through the SDK family';

/** The SDK adapter family (the real @wix/* packages over the emulator's REST face) runs the same broadcast. */
describe('a broadcast through the SDK adapter family', () => {
  it('by email and by label: each person one message, intents, results and rows written with @wix/data bulk calls, counts that match', async () => {
    const site = startSite({ seed: 5 });
    for (const name of REQUIRED_COLLECTIONS) site.data.defineCollection(name, { permissions: ADMIN_ONLY });
    const people = seedCrowd(site, 12, { memberEvery: 4 });
    const vips = seedCrowd(site, 5, { prefix: 'vip', labelKeys: ['custom.vip'] });
    const client = apiKeyClient(restApp(site), SDK_MODULES);
    const deps = assembleDependencies(sdkPorts(client as unknown as Parameters<typeof sdkPorts>[0], { currentCaller: async () => ({ kind: 'admin' }) }), {
      clock: { now: () => site.clock.now(), sleep: (ms) => site.clock.sleep(ms) },
    });
    site.journal.clear();
    const byList = await sendToMany(deps, byEmail(people), TEXT, { idempotencyKey: 'sdk-list' });
    expect(byList.unreached).toEqual([]);
    expect(byList).toMatchObject({ total: 12, created: 12, delivery: { sent: 12 } });
    // One bulk insert of the intents, the 12 first attempts claimed in one bulk insert, then the 12 results in one bulk
    // insert and the 12 rows in one bulk update.
    const bulk = (operation: string, collection: string) => site.journal.entries().filter((e) => e.operation === operation && e.args[0] === collection);
    expect(bulk('data.bulkInsert', 'InboxOutbox')).toHaveLength(1);
    const kinds = bulk('data.bulkInsert', 'InboxDeliveries').map((e) => [...new Set((e.args[1] as { kind: string }[]).map((item) => item.kind))]);
    expect(kinds).toEqual([['attempt'], ['result']]);
    expect(bulk('data.bulkUpdate', 'InboxOutbox')).toHaveLength(1);
    expect(site.journal.entries().filter((e) => e.operation === 'data.update')).toHaveLength(0);
    const byLabel = await sendToMany(deps, { label: 'custom.vip' }, TEXT, { idempotencyKey: 'sdk-label' });
    expect(byLabel).toMatchObject({ total: 5, delivery: { sent: 5 } });
    const again = await sendToMany(deps, byEmail(people), TEXT, { idempotencyKey: 'sdk-list' });
    expect(again).toMatchObject({ created: 0, delivery: { sent: 0 } });
    expect(tally(site, [...people, ...vips], TEXT)).toEqual({ once: 17, messages: 17, twice: 0 });
    await expect(broadcastStatus(deps, 'sdk-list')).resolves.toMatchObject({ sent: 12, pending: 0, total: 12 });
  });
});

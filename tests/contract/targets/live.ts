import { DELIVERIES_COLLECTION, OUTBOX_COLLECTION, RATE_LIMITS_COLLECTION } from 'backend/wix/collections';
import type { ContractTarget, ContractWorld } from '../target';
import { contactFixtures, portsOn, sdkClient } from './sdk';

const apiKey = process.env.WIX_API_KEY;
const siteId = process.env.WIX_SITE_ID;

/**
 * The SDK adapters against a real Wix site (set WIX_API_KEY and WIX_SITE_ID; the key needs Contacts, Members, Inbox
 * and Wix Data permissions and the site the three collections the README lists). It touches only what it creates:
 * contacts labelled "velo-inbox contract test" and items whose IDs start with `contract-`, all removed afterwards.
 * Members and visitors cannot be created from an API key without side effects, so those tests skip here.
 */
export const liveTarget: ContractTarget = {
  name: 'SDK adapters on a live Wix site',
  skipReason: apiKey && siteId ? undefined : 'set WIX_API_KEY and WIX_SITE_ID to run against your own site',
  can: { members: false, visitors: false },
  async start(): Promise<ContractWorld> {
    if (!apiKey || !siteId) throw new Error('the live target needs WIX_API_KEY and WIX_SITE_ID');
    const client = sdkClient({ apiKey, siteId });
    const { ports, rateLimiter, items } = portsOn(client, () => new Date());
    const people = contactFixtures(client, 'velo-inbox contract test');
    const run = `contract-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    let counter = 0;
    const cannot = (what: string) => (): never => {
      throw new Error(`the live target does not ${what}`);
    };
    return {
      directory: ports.directory,
      inbox: ports.inbox,
      outbox: ports.outbox,
      deliveries: ports.deliveries,
      rateLimiter,
      items,
      run: (work) => work(),
      unique: (prefix) => `${run}-${prefix}-${(counter += 1)}`,
      createContact: (email) => people.createContact(email),
      signUp: cannot('create members'),
      unelevated: cannot('act as a visitor'),
      identityOf: cannot('act as a visitor or member'),
      dispose: async () => {
        await people.removeAll();
        // Items this run wrote: every key and ID it made starts with `run`.
        for (const collection of [OUTBOX_COLLECTION, DELIVERIES_COLLECTION, RATE_LIMITS_COLLECTION]) {
          const { items: left } = await items.query(collection).startsWith('_id', run).limit(1000).find();
          for (const item of left) await items.remove(collection, String(item._id));
        }
      },
    };
  },
};

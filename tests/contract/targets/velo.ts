import wixData from 'wix-data';
import { conversations } from 'wix-inbox.v2';
import { inboxDependencies } from 'backend/wix/composition';
import { wrapQuery, type ItemStore } from 'backend/wix/item-store';
import { veloIdentity } from 'backend/wix/velo-identity';
import { veloItems } from 'backend/wix/velo-items';
import type { Caller } from 'wix-emulator';
import { callers, startSite } from '../../support/emulator';
import { registerMember, seedContact } from '../../support/people';
import type { ContractTarget, ContractWorld, WorldCaller } from '../target';
import { defineProjectCollections } from '../../../scripts/workbench/site-code';

/** The Velo adapters on the emulator's Velo shims (the modules jest maps wix-* names to). */
export const veloTarget: ContractTarget = {
  name: 'Velo adapters on the emulator (Velo shims)',
  skipReason: undefined,
  can: { members: true, visitors: true },
  async start(): Promise<ContractWorld> {
    const site = startSite();
    defineProjectCollections(site);
    const deps = inboxDependencies({ clock: { now: () => site.clock.now(), sleep: (ms) => site.clock.sleep(ms) } });
    let counter = 0;
    const asCaller = (caller: WorldCaller): Caller =>
      caller.kind === 'visitor' ? callers.visitor(caller.visitorId) : callers.member(caller.memberId);
    return {
      directory: deps.directory,
      inbox: deps.inbox,
      outbox: deps.outbox,
      deliveries: deps.deliveries,
      rateLimiter: deps.rateLimiter,
      items: veloItems,
      run: (work) => site.as(callers.job(), work),
      unique: (prefix) => `${prefix}-${(counter += 1)}`,
      createContact: async (email) => seedContact(site, { email }),
      signUp: async (email) => registerMember(site, { email }),
      unelevated: (caller) => ({
        items: unelevatedVeloItems((work) => site.as(asCaller(caller), work)),
        getOrCreateConversation: (participantId) =>
          site.as(asCaller(caller), () => conversations.getOrCreateConversation({ ...participantId })),
      }),
      identityOf: (caller) => ({ identity: veloIdentity, run: (work) => site.as(asCaller(caller), work) }),
      dispose: async () => {
        await site.events.settle();
      },
    };
  },
};

type Runner = <T>(work: () => Promise<T>) => Promise<T>;

/** wix-data without `suppressAuth`: what a call has when it does not act as admin. */
function unelevatedVeloItems(as: Runner): ItemStore {
  return {
    insert: (collection, item) => as(() => wixData.insert(collection, item)),
    bulkInsert: (collection, items) => as(() => wixData.bulkInsert(collection, [...items])),
    bulkUpdate: (collection, items) => as(() => wixData.bulkUpdate(collection, [...items])),
    get: (collection, id) => as(async () => ((await wixData.get(collection, id)) as Record<string, unknown> | null) ?? null),
    update: (collection, item) => as(() => wixData.update(collection, item)),
    save: (collection, item) => as(() => wixData.save(collection, item)),
    remove: (collection, id) => as(() => wixData.remove(collection, id)),
    query: (collection) => wrapQuery(wixData.query(collection), { find: (q) => as(() => q.find()), count: (q) => as(() => q.count()) }),
  };
}

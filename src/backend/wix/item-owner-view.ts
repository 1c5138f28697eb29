import type { OwnerView } from '../inbox/owner-view';
import { DELIVERIES_COLLECTION, OUTBOX_COLLECTION } from './collections';
import { fromItem, type OutboxItem } from './item-outbox';
import type { ItemStore } from './item-store';
import { translateWixError, type WixOperation } from './translate-error';

/** The owner panel's reads of InboxOutbox and InboxDeliveries, on either family's wix-data module. */
export function itemOwnerView(data: ItemStore): OwnerView {
  const read = async <T>(operation: WixOperation, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw translateWixError(error, operation);
    }
  };
  return {
    countByStatus: (status) => read(`query ${OUTBOX_COLLECTION}`, () => data.query(OUTBOX_COLLECTION).eq('status', status).count()),
    unfinished: (limit) =>
      read(`query ${OUTBOX_COLLECTION}`, async () => {
        const { items } = await data.query(OUTBOX_COLLECTION).hasSome('status', ['pending', 'retrying']).ascending('nextAttemptAt').limit(limit).find();
        return (items as OutboxItem[]).map(fromItem);
      }),
    dead: (limit) =>
      read(`query ${OUTBOX_COLLECTION}`, async () => {
        const { items } = await data.query(OUTBOX_COLLECTION).eq('status', 'dead').descending('completedAt').limit(limit).find();
        return (items as OutboxItem[]).map(fromItem);
      }),
    recentBroadcasts: (limit) =>
      read(`query ${DELIVERIES_COLLECTION}`, async () => {
        const { items } = await data.query(DELIVERIES_COLLECTION).eq('kind', 'broadcast').descending('at').limit(limit).find();
        return items.map((item) => ({ broadcastId: String(item._id).slice('broadcast:'.length), startedAt: item.at instanceof Date ? item.at : new Date(String(item.at)) }));
      }),
  };
}

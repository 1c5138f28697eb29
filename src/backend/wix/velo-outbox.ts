import { itemOutbox } from './item-outbox';
import { veloItems } from './velo-items';

/** The outbox on Velo's wix-data (the store itself is item-outbox.ts, shared with the SDK family). */
export const veloOutbox = itemOutbox(veloItems);

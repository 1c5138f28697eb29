import { itemHousekeeping } from './item-housekeeping';
import { veloItems } from './velo-items';

/** Housekeeping on Velo's wix-data (the purge itself is item-housekeeping.ts, shared with the SDK family). */
export const veloHousekeeping = itemHousekeeping(veloItems);

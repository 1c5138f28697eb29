import type { RateLimiter } from '../inbox/ports';
import { itemRateLimiter } from './item-rate-limiter';
import { itemDeliveryLog } from './item-stores';
import { veloItems } from './velo-items';

/** Claims and rate-limit slots on Velo's wix-data (the stores themselves are item-stores.ts, shared with the SDK family). */
export const veloDeliveryLog = itemDeliveryLog(veloItems);

export function veloRateLimiter(now: () => Date): RateLimiter {
  return itemRateLimiter(veloItems, now);
}

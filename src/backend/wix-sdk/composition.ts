import type { Identity } from '../inbox/ports';
import { familyOf, type AdapterFamily, type AdapterPorts } from '../wix/assemble';
import { itemHousekeeping } from '../wix/item-housekeeping';
import { itemOutbox } from '../wix/item-outbox';
import { itemRateLimiter } from '../wix/item-rate-limiter';
import { itemDeliveryLog } from '../wix/item-stores';
import { itemOwnerView } from '../wix/item-owner-view';
import { itemTemplateRows } from '../wix/item-template-rows';
import type { InboxConfig } from '../inbox/config';
import type { SdkModules } from './modules';
import { sdkDirectory } from './sdk-directory';
import { sdkInbox } from './sdk-inbox';
import { sdkItems } from './sdk-items';

/**
 * The SDK family's ports from admin-level modules (elevated in site code, an API-key client's in headless code) and an
 * identity (the session's token in site code; the host application's decision in headless code).
 */
export function sdkPorts(modules: SdkModules, identity: Identity): AdapterPorts {
  const items = sdkItems(modules.items);
  return {
    directory: sdkDirectory(modules),
    inbox: sdkInbox(modules),
    outbox: itemOutbox(items),
    deliveries: itemDeliveryLog(items),
    identity,
    rateLimiter: (now) => itemRateLimiter(items, now),
    housekeeping: itemHousekeeping(items),
    templateRows: itemTemplateRows(items),
    ownerView: itemOwnerView(items),
  };
}

export function sdkFamily(modules: SdkModules, identity: Identity, config?: InboxConfig): AdapterFamily {
  return familyOf('sdk', sdkPorts(modules, identity), config);
}

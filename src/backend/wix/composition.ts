import { INBOX_CONFIG } from '../inbox-settings';
import type { AccessDependencies } from '../inbox/access';
import type { InboxConfig } from '../inbox/config';
import { assembleDependencies, familyOf, type AdapterFamily, type AdapterPorts, type CompositionOptions } from './assemble';
import { veloDirectory } from './velo-directory';
import { veloHousekeeping } from './velo-housekeeping';
import { veloIdentity } from './velo-identity';
import { veloInbox } from './velo-inbox';
import { itemOwnerView } from './item-owner-view';
import { itemTemplateRows } from './item-template-rows';
import { veloItems } from './velo-items';
import { veloOutbox } from './velo-outbox';
import { veloDeliveryLog, veloRateLimiter } from './velo-stores';

export { systemClock, type CompositionOptions } from './assemble';

/** The Velo-module family: wix-crm-backend, Members/FullData + wix-members.v2, wix-members-backend (identity), wix-inbox.v2, wix-data. */
const VELO_PORTS: AdapterPorts = {
  directory: veloDirectory,
  inbox: veloInbox,
  outbox: veloOutbox,
  deliveries: veloDeliveryLog,
  identity: veloIdentity,
  rateLimiter: veloRateLimiter,
  housekeeping: veloHousekeeping,
  templateRows: itemTemplateRows(veloItems),
  ownerView: itemOwnerView(veloItems),
};

export const veloFamily: AdapterFamily = familyOf('velo', VELO_PORTS, INBOX_CONFIG);

/** The inbox module wired to the Velo modules (what tests on the Velo shims use), with the site's settings or others. */
export function inboxDependencies(options: CompositionOptions = {}, config: InboxConfig = INBOX_CONFIG): AccessDependencies {
  return assembleDependencies(VELO_PORTS, options, config);
}

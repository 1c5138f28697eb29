/**
 * The one switch between the two adapter families (docs/decisions/0008-two-adapter-families-one-switch.md): the Velo
 * modules (wix-crm-backend, wix-inbox.v2, wix-data, …) by default. To run the site on the Wix JavaScript SDK instead,
 * make the line below read
 *   export { sdkSiteFamily as family } from './wix-sdk/site-family';
 * and install its packages (`wix install @wix/crm @wix/members @wix/inbox @wix/data @wix/essentials`). Web methods,
 * events and the job take their dependencies from here; the site build reads this line and ships only that family.
 */
export { veloFamily as family } from './wix/composition';

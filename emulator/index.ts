/**
 * The emulator's public entry for tests and scripts: make a site, make it the one the Velo shims talk to, act as a
 * caller, and drive it through the test-only controls. Site code never imports this: it imports Velo module names,
 * which jest (moduleNameMapper) or tsx (emulator/pages/velo-resolution.ts) map to emulator/velo/<module>.ts.
 * Page loading lives in emulator/pages/load-page.ts (kept out of here: it pulls in the swc compiler).
 */
export { createSite, Site } from './site/site';
export type { SiteOptions, SiteState } from './site/site';
export { activeSite, useSite } from './site/active-site';
export { controlsFor } from './controls';
export type { SiteControls } from './controls';
export { describeCaller, runAs } from './site/caller';
export type { CallContext, Caller } from './site/caller';
export type { DispatchedEvent, EventHandlers } from './site/events';
export type { FaultSpec, InjectedFault } from './site/faults';
export type { JournalEntry } from './site/journal';
export type { FormGeneration, FormSubmission, FormSubmitted } from './site/forms';
export type { RegisterInput } from './site/members';
export type { InspectedConversation, InspectedMerge, InspectedMessage, ParticipantId } from './site/inbox';
export type { CollectionPermissions, DataAction, PermissionLevel } from './site/data';
export type { WixApiError, WixDataError } from './site/wix-errors';

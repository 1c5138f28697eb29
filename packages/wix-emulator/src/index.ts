/**
 * The emulator's public entry for tests and scripts: make a site, make it the one the Velo shims talk to, act as a
 * caller, and drive it through the test-only controls. Site code never imports this: it imports Velo module names,
 * which jest (moduleNameMapper) or tsx (`wix-emulator/velo-resolution`) map to `wix-emulator/velo/<module>`.
 * Page loading is `wix-emulator/pages` (kept out of here: it pulls in the swc compiler).
 */
export { createSite, Site } from './site';
export type { SiteOptions, SiteState } from './site';
export { activeSite, useSite } from './kernel/active-site';
export { Random } from './kernel/random';
export { controlsFor } from './controls';
export type { SiteControls } from './controls';
export { currentContext, describeCaller, runAs, runElevated } from './kernel/caller';
export type { CallContext, Caller } from './kernel/caller';
export type { DispatchedEvent, EventHandlers } from './kernel/events';
export { invokeJsw } from './kernel/rpc';
export type { JswPermissions, WebPermission } from './kernel/rpc';
export type { FaultSpec, InjectedFault } from './kernel/faults';
export { closestOperations, isKnownOperation, SERVICE_OPERATIONS } from './kernel/operations';
export type { JournalEntry, JournalOptions } from './kernel/journal';
export { DEFAULT_RETAINED_ENTRIES } from './kernel/journal';
export type { FormGeneration, FormSubmission, FormSubmitted } from './forms/forms';
export type { RegisterInput } from './members/members';
export type { InspectedConversation, InspectedMerge, InspectedMessage, ParticipantId } from './inbox/inbox';
export { INBOX_CONTENT_LIMITS, TEMPLATE_TEXT_LINE_MAX } from './inbox/content-limits';
export type { CollectionPermissions, DataAction, PermissionLevel } from './data/data';
export type { WixApiError, WixDataError } from './kernel/wix-errors';
export { applicationError, httpError, systemError, validationError, wixDataError } from './kernel/wix-errors';
export { restApp } from './rest/app';
export { API_KEY_USER_ID, callerHeaders } from './rest/callers';
export type { RestAppOptions } from './rest/app';
export { serveRest } from './rest/server';
export type { RunningServer } from './rest/server';
export { CONTROL_PREFIX } from './rest/controls-routes';
export { apiKeyClient, enableSiteSdkContext, httpTarget, targetFetch } from './rest/sdk-context';
export type { FetchTarget, SiteSdkContext } from './rest/sdk-context';

import { createClient, type AuthenticationStrategy } from '@wix/sdk';
import { SDK_MODULES } from 'backend/wix-sdk/modules';
import { sdkIdentity } from 'backend/wix-sdk/sdk-identity';
import { sdkItems } from 'backend/wix-sdk/sdk-items';
import { type Caller, callerHeaders, restApp, targetFetch } from 'wix-emulator';
import { callers, startSite } from '../../support/emulator';
import { registerMember, seedContact } from '../../support/people';
import type { ContractTarget, ContractWorld, WorldCaller } from '../target';
import { portsOn, sdkClient } from './sdk';
import { defineProjectCollections } from '../../../scripts/workbench/site-code';

/** Sessions carry no key of their own on Wix; the emulator's caller headers stand for the session. */
const SESSION: AuthenticationStrategy = { getAuthHeaders: () => ({ headers: {} }) };

/**
 * The SDK adapters through the real @wix packages (their request builders, renames, date transforms and error parsing)
 * on the emulator's REST face, in-process: the same site state the Velo target's shims use.
 */
export const sdkRestTarget: ContractTarget = {
  name: 'SDK adapters through the real @wix packages on the emulator REST face',
  skipReason: undefined,
  can: { members: true, visitors: true },
  async start(): Promise<ContractWorld> {
    const site = startSite();
    defineProjectCollections(site);
    const app = restApp(site);
    const admin = sdkClient({ apiKey: 'emulator-api-key', siteId: 'emulated-site' }, targetFetch(app));
    const { ports, rateLimiter, items } = portsOn(admin, () => site.clock.now());
    // A client acting as one caller of the site, without elevation (what a direct module call in site code is).
    const sessionOf = (caller: Caller) =>
      createClient({
        modules: SDK_MODULES,
        auth: SESSION,
        fetch: targetFetch(app, (request) => {
          for (const [name, value] of Object.entries(callerHeaders({ caller, elevated: false }))) request.headers.set(name, value);
        }),
      });
    const asCaller = (caller: WorldCaller): Caller =>
      caller.kind === 'visitor' ? callers.visitor(caller.visitorId) : callers.member(caller.memberId);
    let counter = 0;
    return {
      directory: ports.directory,
      inbox: ports.inbox,
      outbox: ports.outbox,
      deliveries: ports.deliveries,
      rateLimiter,
      items,
      run: (work) => work(),
      unique: (prefix) => `${prefix}-${(counter += 1)}`,
      createContact: async (email) => seedContact(site, { email }),
      signUp: async (email) => registerMember(site, { email }),
      unelevated: (caller) => {
        const session = sessionOf(asCaller(caller));
        return {
          items: sdkItems(session.items),
          getOrCreateConversation: (participantId) => session.conversations.getOrCreateConversation({ ...participantId }),
        };
      },
      identityOf: (caller) => {
        const session = sessionOf(asCaller(caller));
        return {
          // The token Wix would describe for this session (`auth.getTokenInfo` asks Wix's token service, which the
          // emulator does not serve); the member's own record does come through @wix/members on the REST face.
          identity: sdkIdentity({
            tokenInfo: async () =>
              caller.kind === 'member' ? { subjectType: 'MEMBER', subjectId: caller.memberId } : { subjectType: 'VISITOR', subjectId: caller.visitorId },
            currentMember: (options) => session.members.getCurrentMember(options),
          }),
          run: (work) => work(),
        };
      },
      dispose: async () => {
        await site.events.settle();
      },
    };
  },
};

import { ApiKeyStrategy, createClient, type AuthenticationStrategy } from '@wix/sdk';
import { currentContext, hasContext } from '../kernel/caller';
import { currentPage } from '../kernel/rpc';
import { applicationError } from '../kernel/wix-errors';
import { callerHeaders, ELEVATED_HEADER } from './callers';
import { toWireError, wireErrorResponse } from './wire-errors';

/** Anything with a fetch function: the REST face's Hono app (in-process) or a URL-bound fetch to a running server. */
export interface FetchTarget {
  fetch(request: Request): Response | Promise<Response>;
}

/**
 * A fetch that sends each SDK request to `target` (the SDK builds https://www.wixapis.com/… URLs; the path is kept).
 * `decorate` may add headers, or answer the request itself (a refusal) by returning a response.
 */
export function targetFetch(target: FetchTarget, decorate: (request: Request) => Response | undefined | void = () => undefined): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const answer = decorate(request);
    return answer instanceof Response ? answer : target.fetch(request);
  }) as typeof fetch;
}

/** A fetch to an emulator served over HTTP at `baseUrl` (e.g. `http://127.0.0.1:8484`). */
export function httpTarget(baseUrl: string): FetchTarget {
  return {
    fetch: (request) => {
      const url = new URL(request.url);
      return fetch(new Request(new URL(url.pathname + url.search, baseUrl), request));
    },
  };
}

/**
 * A client as a Node backend makes one: `createClient({ modules, auth: ApiKeyStrategy(…), fetch })`, its requests
 * going to the emulator. An API key is the site admin.
 */
export function apiKeyClient<M extends Parameters<typeof createClient>[0]['modules']>(target: FetchTarget, modules: M) {
  return createClient({
    modules: modules as NonNullable<M>,
    auth: ApiKeyStrategy({ apiKey: 'emulator-api-key', siteId: 'emulated-site' }),
    fetch: targetFetch(target),
  });
}

/** Site code sends no key of its own: Wix knows the session. Here the emulator's caller headers stand for it. */
const SITE_SESSION: AuthenticationStrategy = { getAuthHeaders: () => ({ headers: {} }) };

export interface SiteSdkContext {
  /** Restores the global Wix context as it was before `enableSiteSdkContext`. */
  disable(): void;
}

interface GlobalWixContext {
  client?: unknown;
  elevatedClient?: unknown;
}

/**
 * Lets site code that calls SDK modules directly (`import { contacts } from '@wix/crm'`, `auth.elevate(fn)` from
 * `@wix/essentials`) run against the emulator: registers a client in the SDK's global Wix context
 * (`enableContext('global')`) and an elevated one (`{ elevated: true }`), which `@wix/sdk-runtime` looks up on every
 * call. Each request carries the emulator caller current at the call (`runAs` / `site.as`), so the permission rules
 * apply per caller; the elevated client also marks the request elevated, which is what `auth.elevate` changes, and
 * refuses page code (elevation stays in the backend).
 */
export function enableSiteSdkContext(target: FetchTarget): SiteSdkContext {
  const holder = globalThis as { __wix_context__?: GlobalWixContext };
  const before = holder.__wix_context__ ? { ...holder.__wix_context__ } : undefined;
  const withCaller = (elevated: boolean) => (request: Request): Response | undefined => {
    // As on Wix (and as the Velo wix-auth shim does): elevation is for backend code only; page code gets a 403.
    if (elevated && currentPage() !== undefined) {
      return wireErrorResponse(toWireError(applicationError(403, 'FORBIDDEN', 'auth.elevate() is available in backend code only, not in page code.')), 'emu-page-elevate');
    }
    if (hasContext()) for (const [name, value] of Object.entries(callerHeaders(currentContext()))) request.headers.set(name, value);
    if (elevated) request.headers.set(ELEVATED_HEADER, 'true');
    return undefined;
  };
  createClient({ auth: SITE_SESSION, fetch: targetFetch(target, withCaller(false)) }).enableContext('global');
  createClient({ auth: SITE_SESSION, fetch: targetFetch(target, withCaller(true)) }).enableContext('global', { elevated: true });
  return {
    disable: () => {
      if (before) holder.__wix_context__ = before;
      else delete holder.__wix_context__;
    },
  };
}

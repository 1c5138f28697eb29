import { Hono, type MiddlewareHandler } from 'hono';
import { runAs, runElevated } from '../kernel/caller';
import type { Site } from '../site';
import { callContextOf } from './callers';
import { contactsRoutes } from './contacts-routes';
import { controlRoutes, type ControlOptions } from './controls-routes';
import { dataRoutes } from './data-routes';
import { inboxRoutes } from './inbox-routes';
import { membersRoutes } from './members-routes';
import { toWireError, wireErrorResponse } from './wire-errors';

export type RestAppOptions = ControlOptions;

let requestCounter = 0;
const nextRequestId = (): string => `emu-rest-${(requestCounter += 1)}`;

/**
 * The emulator's REST face: the Wix REST paths the SDK modules call, in Wix's wire format, over the same site state
 * the Velo shims use. Every route calls the services' own operations, so the kernel door (journal, latency, faults,
 * permissions) applies exactly as for Velo calls; each request runs as the caller its headers name (callers.ts).
 * A plain fetch function (`app.fetch`): serve it with server.ts, or hand it to `createClient({ fetch })` in-process.
 * More routes (pages, tools) can be mounted on the returned app.
 */
export function restApp(site: Site, options: RestAppOptions = {}): Hono {
  const app = new Hono();
  app.onError((error) => wireErrorResponse(toWireError(error), nextRequestId()));
  app.route('/', controlRoutes(site, options));

  const asCaller: MiddlewareHandler = async (c, next) => {
    const context = callContextOf(c);
    await runAs(context.caller, () => (context.elevated ? runElevated(next) : next()));
  };
  for (const prefix of ['/contacts/*', '/members/*', '/inbox/*', '/wix-data/*']) app.use(prefix, asCaller);
  app.route('/', contactsRoutes(site));
  app.route('/', membersRoutes(site));
  app.route('/', inboxRoutes(site));
  app.route('/', dataRoutes(site));

  app.notFound((c) =>
    wireErrorResponse({ status: 404, body: { message: `No emulated Wix API at ${c.req.method} ${new URL(c.req.url).pathname}` } }, nextRequestId()),
  );
  return app;
}

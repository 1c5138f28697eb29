import { Hono } from 'hono';
import type { Caller } from '../kernel/caller';
import type { FaultSpec } from '../kernel/faults';
import type { ParticipantId } from '../inbox/inbox';
import type { FormSubmission } from '../forms/forms';
import type { RegisterInput } from '../members/members';
import type { Site, SiteState } from '../site';
import { controlsFor } from '../controls';

/** Where the test-only controls live, apart from the emulated Wix paths (as the Firebase emulator keeps them). */
export const CONTROL_PREFIX = '/_emulator';

export interface ControlOptions {
  /** Runs after a reset, so the site is again set up the way the project needs (its collections defined). */
  readonly afterReset?: (site: Site) => void | Promise<void>;
}

/**
 * The test-only controls over HTTP: seed, act, inspect, faults, clock, journal, state, reset, settle. Each delegates
 * to `controlsFor(site)` (src/controls.ts); bodies and answers are the emulator's own JSON, not Wix's wire format.
 * A control that fails answers 400 with `{ message }`.
 */
export function controlRoutes(site: Site, options: ControlOptions = {}): Hono {
  const controls = controlsFor(site);
  const app = new Hono().basePath(CONTROL_PREFIX);
  app.onError((error, c) => c.json({ message: error instanceof Error ? error.message : String(error) }, 400));
  const body = async <T>(c: { req: { json: () => Promise<unknown> } }): Promise<T> => (await c.req.json()) as T;

  app.post('/seed/contacts', async (c) => {
    const { info, sourceType } = await body<{ info: Parameters<typeof controls.seed.contact>[0]; sourceType?: 'OTHER' }>(c);
    return c.json(controls.seed.contact(info, sourceType === undefined ? {} : { sourceType }));
  });
  app.post('/seed/members', async (c) => {
    const input = await body<RegisterInput>(c);
    return c.json(c.req.query('silent') === 'true' ? controls.seed.memberSilently(input) : controls.seed.member(input));
  });
  app.post('/seed/collections', async (c) => {
    const { name, permissions = {}, items = [] } = await body<{
      name: string;
      permissions?: Parameters<typeof controls.seed.collection>[1];
      items?: Record<string, unknown>[];
    }>(c);
    return c.json(controls.seed.collection(name, permissions, items));
  });

  app.post('/act/submit-form', async (c) => {
    const { caller, submission } = await body<{ caller: Caller; submission: FormSubmission }>(c);
    return c.json(await controls.act.submitForm(caller, submission));
  });
  app.post('/act/participant-messages', async (c) => {
    const { participantId, content } = await body<{ participantId: ParticipantId; content: string }>(c);
    return c.json(controls.act.participantSendsMessage(participantId, content));
  });
  app.post('/act/log-in', async (c) => {
    const { memberId, visitorId } = await body<{ memberId: string; visitorId?: string }>(c);
    return c.json({ caller: await controls.act.logIn(memberId, visitorId === undefined ? {} : { visitorId }) });
  });
  app.post('/act/promote', async (c) => {
    const { from, to } = await body<{ from: ParticipantId; to: ParticipantId }>(c);
    controls.act.promote(from, to);
    return c.json({});
  });

  app.get('/inspect/contacts', (c) => c.json(controls.inspect.contacts()));
  app.get('/inspect/members', (c) => c.json(controls.inspect.members()));
  app.get('/inspect/conversations', (c) => c.json(controls.inspect.conversations()));
  app.get('/inspect/conversations/:id/messages', (c) => c.json(controls.inspect.messages(c.req.param('id'))));
  app.get('/inspect/detached-conversations', (c) => c.json(controls.inspect.detachedConversations()));
  app.get('/inspect/merges', (c) => c.json(controls.inspect.merges()));
  app.get('/inspect/collections/:name', (c) => c.json(controls.inspect.collection(c.req.param('name'))));
  app.get('/inspect/events', (c) => c.json(controls.inspect.events(c.req.query('name'))));

  app.post('/faults', async (c) => {
    const { operation, ...spec } = await body<FaultSpec & { operation: string }>(c);
    if (typeof operation !== 'string' || operation === '') throw new Error('operation must name an emulated operation, e.g. "data.insert"');
    controls.faults.inject(operation, spec);
    return c.json({});
  });
  app.delete('/faults', (c) => {
    controls.faults.clear();
    return c.json({});
  });
  app.put('/latency', async (c) => {
    const { ms } = await body<{ ms: number }>(c);
    if (!Number.isFinite(ms) || ms < 0) throw new Error('ms must be a non-negative number');
    site.kernel.latencyMs = ms;
    return c.json({ ms });
  });
  // Eventual consistency: how many emulated ms a wix-data read without consistentRead lags behind the writes.
  app.put('/read-lag', async (c) => {
    const { ms } = await body<{ ms: number }>(c);
    if (!Number.isFinite(ms) || ms < 0) throw new Error('ms must be a non-negative number');
    controls.readLag.ms = ms;
    return c.json({ ms });
  });

  app.get('/clock', (c) => c.json({ now: controls.clock.now().toISOString() }));
  app.post('/clock', async (c) => {
    const { now, advanceMs } = await body<{ now?: string; advanceMs?: number }>(c);
    if (now !== undefined) {
      const date = new Date(now);
      if (Number.isNaN(date.getTime())) throw new Error('now must be an ISO date');
      controls.clock.set(date);
    }
    if (advanceMs !== undefined) controls.clock.advance(advanceMs);
    return c.json({ now: controls.clock.now().toISOString() });
  });

  app.get('/journal', (c) => c.json(controls.journal.entries(c.req.query('operation'))));

  app.get('/state', (c) => c.json(controls.exportState()));
  app.put('/state', async (c) => {
    controls.importState(await body<SiteState>(c));
    return c.json({});
  });
  app.post('/reset', async (c) => {
    await controls.reset();
    await options.afterReset?.(site);
    return c.json({});
  });
  app.post('/settle', async (c) => {
    await controls.settle();
    return c.json({});
  });

  return app;
}

import { Hono } from 'hono';
import type { conversations, messages } from '@wix/inbox';
import type { Site } from '../site';
import { asObject, jsonBody, optionalInteger, optionalObject, queryPayload, requiredString, toWire } from './wire';

/** Inbox v2 (`@wix/inbox` `conversations`, `messages`): get-or-create, get, send, list. */
export function inboxRoutes(site: Site): Hono {
  const app = new Hono();

  app.post('/inbox/v2/conversations', async (c) => {
    const body = await jsonBody(c);
    const participantId = asObject(body.participantId, 'participantId') as conversations.ParticipantId;
    return c.json(toWire(await site.inbox.getOrCreateConversation(participantId)));
  });

  app.get('/inbox/v2/conversations/:id', async (c) => {
    return c.json(toWire(await site.inbox.getConversation(c.req.param('id'))));
  });

  app.post('/inbox/v2/messages', async (c) => {
    const body = await jsonBody(c);
    const conversationId = requiredString(body.conversationId, 'conversationId');
    const options: Record<string, unknown> = {};
    for (const key of ['sendNotifications', 'silent', 'sendAs'] as const) if (body[key] !== undefined) options[key] = body[key];
    const sent = await site.inbox.sendMessage(conversationId, body.message as messages.Message, options as messages.SendMessageOptions);
    return c.json(toWire(sent));
  });

  app.get('/inbox/v2/messages', async (c) => {
    const payload = queryPayload(c);
    const conversationId = requiredString(payload.conversationId, 'conversationId');
    const paging = optionalObject(payload.paging, 'paging');
    const sorting = optionalObject(payload.sorting, 'sorting');
    const limit = optionalInteger(paging?.limit, 'paging.limit');
    const options = {
      ...(paging ? { paging: { ...paging, ...(limit === undefined ? {} : { limit }) } } : {}),
      ...(sorting ? { sorting } : {}),
    } as messages.ListMessagesOptions;
    const visibility = payload.visibility as messages.MessageVisibilityWithLiterals;
    return c.json(toWire(await site.inbox.listMessages(conversationId, visibility, options)));
  });

  return app;
}

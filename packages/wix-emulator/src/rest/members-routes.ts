import { Hono } from 'hono';
import type { Site } from '../site';
import { MEMBERS_DEFAULT_LIMIT } from '../members/members-query';
import { validationError } from '../kernel/wix-errors';
import { fieldsetsOf, toV1Member } from './members-wire';
import { pagingOf } from './paging';
import { asObject, fieldFromWire, jsonBody, optionalObject, queryPayload, toWire } from './wire';
import { parseWireFilter, parseWireSort, toMembersFilter } from './wire-filter';

const FULL = { fieldsets: ['FULL' as const] };

/** Members v1 (`@wix/members` `members`): create, query, get, get my member. */
export function membersRoutes(site: Site): Hono {
  const app = new Hono();

  app.post('/members/v1/members', async (c) => {
    const member = asObject((await jsonBody(c)).member, 'member');
    const contact = optionalObject(member.contact, 'member.contact') ?? {};
    const profile = optionalObject(member.profile, 'member.profile') ?? {};
    const text = (value: unknown, field: string): string | undefined => {
      if (value === undefined || value === null) return undefined;
      if (typeof value !== 'string') throw validationError(field, 'must be a string');
      return value;
    };
    const created = await site.members.createMember({
      loginEmail: text(member.loginEmail, 'member.loginEmail') ?? '',
      ...defined('contactId', text(member.contactId, 'member.contactId')),
      ...defined('firstName', text(contact.firstName, 'member.contact.firstName')),
      ...defined('lastName', text(contact.lastName, 'member.contact.lastName')),
      ...defined('nickname', text(profile.nickname, 'member.profile.nickname')),
    });
    return c.json(toWire({ member: toV1Member(created, new Set(['FULL'])) }));
  });

  app.post('/members/v1/members/query', async (c) => {
    const body = await jsonBody(c);
    const query = optionalObject(body.query, 'query') ?? {};
    const filter = toMembersFilter(parseWireFilter(query.filter));
    const { limit, offset } = pagingOf(query, MEMBERS_DEFAULT_LIMIT);
    const fieldsets = fieldsetsOf(body.fieldsets);
    const page = await site.members.queryMembers({
      ...(filter ? { filter } : {}),
      sort: parseWireSort(query.sort, fieldFromWire),
      limit,
      skip: offset,
    });
    return c.json(toWire({
      members: page.members.map((m) => toV1Member(m, fieldsets)),
      metadata: { count: page.members.length, offset, total: page.total, tooManyToCount: false },
    }));
  });

  app.get('/members/v1/members/my', async (c) => {
    const fieldsets = fieldsetsOf(queryPayload(c).fieldsets);
    const member = await site.members.getCurrentMember(FULL, 'backend');
    return c.json(toWire({ member: toV1Member(member, fieldsets) }));
  });

  app.get('/members/v1/members/:id', async (c) => {
    const fieldsets = fieldsetsOf(queryPayload(c).fieldsets);
    const member = await site.members.getMember(c.req.param('id'), FULL);
    return c.json(toWire({ member: toV1Member(member, fieldsets) }));
  });

  return app;
}

function defined<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

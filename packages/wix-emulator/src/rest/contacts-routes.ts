import { Hono } from 'hono';
import type { Site } from '../site';
import { validationError } from '../kernel/wix-errors';
import { fromV4Info, toV4Contact } from './contacts-wire';
import { pagingOf } from './paging';
import { fieldFromWire, jsonBody, optionalObject, toWire } from './wire';
import { parseWireFilter, parseWireSort, toContactsFilter } from './wire-filter';

/** Contacts v4 (`@wix/crm` `contacts`) and contact-submit (`submittedContact.appendOrCreateContact`). */
export function contactsRoutes(site: Site): Hono {
  const app = new Hono();

  app.post('/contacts/v4/contacts', async (c) => {
    const body = await jsonBody(c);
    const allowDuplicates = body.allowDuplicates === true;
    const contact = await site.contacts.createContact(fromV4Info(body.info), { allowDuplicates });
    return c.json(toWire({ contact: toV4Contact(contact) }));
  });

  app.post('/contacts/v4/contacts/query', async (c) => {
    const query = optionalObject((await jsonBody(c)).query, 'query') ?? {};
    const filter = toContactsFilter(parseWireFilter(query.filter));
    const { limit, offset } = pagingOf(query, 50);
    const page = await site.contacts.queryContacts({
      ...(filter ? { filter } : {}),
      sort: parseWireSort(query.sort, fieldFromWire),
      limit,
      skip: offset,
    });
    return c.json(toWire({
      contacts: page.items.map(toV4Contact),
      // v4 `PagingMetadata` is count, offset, total, tooManyToCount: no `hasNext` (the SDK's builder pages by `total`).
      pagingMetadata: { count: page.items.length, offset, total: page.total, tooManyToCount: false },
    }));
  });

  app.get('/contacts/v4/contacts/:id', async (c) => {
    const contact = await site.contacts.getContact(c.req.param('id'));
    return c.json(toWire({ contact: toV4Contact(contact) }));
  });

  app.post('/contacts/v4/contact-submit', async (c) => {
    const body = await jsonBody(c);
    // Submitting into a named contact is not emulated: refused rather than answered as if it were.
    if (body.contactId !== undefined) throw validationError('contactId', 'is not supported by the emulator');
    const result = await site.contacts.submitContact(fromV4Info(body.info ?? {}));
    return c.json(toWire(result));
  });

  return app;
}

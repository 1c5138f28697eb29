import { expect } from '@jest/globals';
import { DELIVERIES_COLLECTION } from 'backend/wix/collections';
import { isPermissionDenied } from 'backend/wix/translate-error';
import { contractSuite, itWhere } from './contract-suite';

contractSuite('Permissions and Identity', (world, target) => {
  const withVisitors = itWhere(target.can.visitors, 'this target cannot act as a visitor');
  const withMembers = itWhere(target.can.members && target.can.visitors, 'this target cannot act as a member');

  withVisitors('a visitor without elevation is refused by the admin-only collections and by Inbox', async () => {
    const w = world();
    const contactId = await w.createContact(`${w.unique('perm')}@example.com`);
    const visitor = w.unelevated({ kind: 'visitor', visitorId: w.unique('visitor') });
    const insert = await visitor.items.insert(DELIVERIES_COLLECTION, { _id: w.unique('perm') }).then(() => undefined, (e: unknown) => e);
    expect(isPermissionDenied(insert)).toBe(true);
    const query = await visitor.items.query(DELIVERIES_COLLECTION).find().then(() => undefined, (e: unknown) => e);
    expect(isPermissionDenied(query)).toBe(true);
    const conversation = await visitor.getOrCreateConversation({ contactId }).then(() => undefined, (e: unknown) => e);
    expect(isPermissionDenied(conversation)).toBe(true);
  });

  withVisitors('a visitor is read from the session as a visitor', async () => {
    const w = world();
    const visitorId = w.unique('visitor');
    const { identity, run } = w.identityOf({ kind: 'visitor', visitorId });
    await expect(run(() => identity.currentCaller())).resolves.toEqual({ kind: 'visitor', visitorId });
  });

  withMembers('a member is read from the session with their own contact and login email', async () => {
    const w = world();
    const email = `${w.unique('who')}@example.com`;
    const { memberId, contactId } = await w.signUp(email);
    const { identity, run } = w.identityOf({ kind: 'member', memberId });
    await expect(run(() => identity.currentCaller())).resolves.toEqual({ kind: 'member', memberId, contactId, loginEmail: email });
  });
});

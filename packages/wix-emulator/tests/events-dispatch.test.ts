import { elevate } from 'wix-auth';
import { contacts } from 'wix-crm-backend';
import wixData from 'wix-data';
import { conversations, messages } from 'wix-inbox.v2';
import { currentUser } from 'wix-users-backend';
import { controlsFor, type CallContext, type EventHandlers, type Site } from '../src';
import { currentContext } from '../src/kernel/caller';
import { callers, startSite } from '../src/testing';

let site: Site;
const start = (eventHandlers: EventHandlers): Site => {
  site = startSite({ eventHandlers });
  return site;
};

type ContactEvent = { metadata: { entityId: string } };
const visitorLeavesDetails = (email = 'ev@example.com') =>
  site.as(callers.visitor('visitor-ev'), () => contacts.appendOrCreateContact({ emails: [{ email }] }));

/** Waits for handlers and returns what settle() rejected with (undefined when it resolved). */
const settleFailure = () =>
  site.events.settle().then(
    () => undefined,
    (error: unknown) => error,
  );

describe('backend event dispatch', () => {
  it('runs a handler after the operation that fired the event has returned, not during it', async () => {
    const order: string[] = [];
    start({ wixCrm_onContactCreated: () => order.push('handler') });

    await visitorLeavesDetails();
    order.push('operation returned');
    await site.events.settle();

    expect(order).toEqual(['operation returned', 'handler']);
  });

  it('hands the handler the event object the log holds, and logs events without a handler as unhandled', async () => {
    const received: unknown[] = [];
    start({ wixCrm_onContactCreated: (event: unknown) => received.push(event), wixCrm_onFormSubmit: 'not a function' });

    const { contactId } = await visitorLeavesDetails();
    await controlsFor(site).act.submitForm(callers.visitor('visitor-ev'), { generation: 'wixForms', formName: 'F', fields: { email: 'ev@example.com' } });
    await site.events.settle();

    const created = site.events.log('wixCrm_onContactCreated');
    expect(created).toEqual([{ name: 'wixCrm_onContactCreated', event: expect.objectContaining({ metadata: expect.objectContaining({ entityId: contactId }) }), handled: true }]);
    expect(received).toEqual([created[0]?.event]);
    expect(site.events.log('wixCrm_onFormSubmit')).toEqual([expect.objectContaining({ handled: false })]);
  });

  it('runs the handler as a session-less system caller, not elevated, whoever caused the event', async () => {
    const contexts: CallContext[] = [];
    start({ wixCrm_onContactCreated: () => contexts.push(currentContext()) });

    await site.as(callers.admin(), () => elevate(contacts.createContact)({ name: { first: 'By admin' } }));
    await visitorLeavesDetails();
    await site.events.settle();

    expect(contexts).toEqual([
      { caller: { kind: 'system', reason: 'event' }, elevated: false },
      { caller: { kind: 'system', reason: 'event' }, elevated: false },
    ]);
  });

  it('refuses admin APIs to a handler that does not elevate, and allows them through elevate', async () => {
    start({
      wixCrm_onContactCreated: (event: ContactEvent) =>
        conversations.getOrCreateConversation({ contactId: event.metadata.entityId }),
      wixMembers_onMemberCreated: (event: { entity: { _id: string } }) =>
        elevate(conversations.getOrCreateConversation)({ memberId: event.entity._id }),
    });

    controlsFor(site).seed.member({ email: 'both@example.com' });
    const failure = await settleFailure();

    expect(failure).toBeInstanceOf(AggregateError);
    expect((failure as AggregateError).errors).toEqual([expect.objectContaining({ status: 403 })]);
    expect(site.journal.entries('inbox.getOrCreateConversation').map((e) => [e.caller, e.elevated, e.outcome])).toEqual([
      [{ kind: 'system', reason: 'event' }, false, 'error'],
      [{ kind: 'system', reason: 'event' }, true, 'ok'],
    ]);
  });

  it('gives a handler no user: currentUser.id throws, role is Visitor, SiteMember collections are refused', async () => {
    const seen: unknown[] = [];
    start({
      wixCrm_onContactCreated: async () => {
        seen.push(currentUser.role, currentUser.loggedIn);
        try {
          seen.push(currentUser.id);
        } catch (error) {
          seen.push((error as { status?: number }).status);
        }
        await wixData.query('MembersOnly').find().catch((error: { code?: string }) => seen.push(error.code));
      },
    });
    controlsFor(site).seed.collection('MembersOnly', { read: 'SiteMember' });

    await visitorLeavesDetails();
    await site.events.settle();

    expect(seen).toEqual(['Visitor', false, 401, 'WD_PERMISSION_DENIED']);
  });

  it('never fails the operation when a handler fails; settle() rejects with an AggregateError naming the handlers', async () => {
    start({
      wixCrm_onContactCreated: () => {
        throw new Error('sync failure');
      },
      wixCrm_onFormSubmit: () => Promise.reject(new Error('async failure')),
    });

    await expect(visitorLeavesDetails()).resolves.toMatchObject({ identityType: 'CONTACT' });
    await controlsFor(site).act.submitForm(callers.visitor('other'), { generation: 'wixForms', formName: 'F', fields: { name: 'N' } });
    const failure = await settleFailure();

    expect(failure).toBeInstanceOf(AggregateError);
    const aggregate = failure as AggregateError;
    expect(aggregate.message).toBe('3 event handler(s) failed: wixCrm_onContactCreated, wixCrm_onContactCreated, wixCrm_onFormSubmit');
    expect(aggregate.errors.map((e: Error) => e.message)).toEqual(['sync failure', 'sync failure', 'async failure']);
  });

  it('reports each failure once: the next settle() resolves', async () => {
    start({ wixCrm_onContactCreated: () => Promise.reject(new Error('once')) });
    await visitorLeavesDetails();
    await expect(site.events.settle()).rejects.toThrow(AggregateError);
    await expect(site.events.settle()).resolves.toBeUndefined();
  });

  it('settle() also waits for handlers of events that handlers caused', async () => {
    const order: string[] = [];
    start({
      wixCrm_onContactCreated: async (event: ContactEvent) => {
        order.push('contact created');
        const { conversation } = await elevate(conversations.getOrCreateConversation)({ contactId: event.metadata.entityId });
        await elevate(messages.sendMessage)(conversation?._id ?? '', {
          direction: 'BUSINESS_TO_PARTICIPANT',
          visibility: 'BUSINESS_AND_PARTICIPANT',
          content: { basic: { items: [{ text: 'Welcome' }] } },
        });
      },
      wixCrmInbox_onMessageSentToParticipant: () => {
        order.push('message sent');
      },
    });

    await visitorLeavesDetails();
    await site.events.settle();

    expect(order).toEqual(['contact created', 'message sent']);
  });

  it('logs events in the order they were emitted; log(name) filters by name', async () => {
    start({});
    controlsFor(site).seed.member({ email: 'order@example.com' });
    controlsFor(site).act.participantSendsMessage({ anonymousVisitorId: 'v-order' }, 'hi');

    expect(site.events.log().map((e) => e.name)).toEqual([
      'wixCrm_onContactCreated',
      'wixMembers_onMemberCreated',
      'wixCrmInbox_onMessageSentToBusiness',
    ]);
    expect(site.events.log('wixMembers_onMemberCreated')).toHaveLength(1);
  });
});

import { contacts } from 'wix-crm-backend';
import { conversations } from 'wix-inbox.v2';
import { controlsFor, type Site, type SiteControls } from '../src';
import { callers, startSite } from '../src/testing';

let site: Site;
let controls: SiteControls;
beforeEach(() => {
  site = startSite();
  controls = controlsFor(site);
});

const asAdmin = <T>(fn: () => T): T => site.as(callers.admin(), fn);

/** A site with something in every service, the journal, the fault list, the event log and the latency setting. */
async function fillEverything(): Promise<{ ids: string[] }> {
  const member = controls.seed.member({ email: 'full@example.com', visitorId: 'visitor-full' });
  const contact = controls.seed.contact({ emails: [{ email: 'c@example.com' }] });
  controls.seed.collection('Notes', { read: 'Anyone' }, [{ text: 'kept?' }]);
  controls.act.participantSendsMessage({ contactId: contact._id }, 'hello');
  controls.act.participantSendsMessage({ anonymousVisitorId: 'visitor-x' }, 'anon');
  controls.act.promote({ anonymousVisitorId: 'visitor-x' }, { contactId: contact._id });
  await asAdmin(() => conversations.getOrCreateConversation({ contactId: member.contactId }));
  await site.as(callers.visitor('visitor-y'), () => contacts.appendOrCreateContact({ emails: [{ email: 'y@example.com' }] }));
  await controls.act.submitForm(callers.visitor('visitor-z'), { generation: 'wixFormsV2', formName: 'F', fields: { email: 'z@example.com' } });
  controls.faults.inject('contacts.getContact', { status: 500, times: 5 });
  site.kernel.latencyMs = 250;
  site.journal.enabled = false;
  const ids = [member._id, member.contactId, contact._id, ...controls.inspect.conversations().map((c) => c.conversation._id)];
  return { ids: ids.filter((id): id is string => typeof id === 'string') };
}

describe('controls.reset', () => {
  it('empties every service: contacts, sessions, members, conversations, messages, merges, collections', async () => {
    await fillEverything();
    expect(controls.inspect.merges().length).toBeGreaterThan(0);

    await controls.reset();

    const state = controls.exportState();
    expect(state.contacts).toEqual({ contacts: [], sessions: [] });
    expect(state.members).toEqual({ members: [] });
    expect(state.forms).toEqual({ formIds: [] });
    expect(state.inbox).toEqual({ lastSequence: expect.any(Number), conversations: [], messages: [], merges: [] });
    expect(state.data).toEqual({ collections: [] });
    expect(controls.inspect.contacts()).toEqual([]);
    expect(controls.inspect.members()).toEqual([]);
    expect(controls.inspect.conversations()).toEqual([]);
    expect(controls.inspect.collection('Members/PrivateMembersData')).toEqual([]);
    expect(() => controls.inspect.collection('Notes')).toThrow(/No custom collection Notes/);
  });

  it('clears the journal, the injected faults, the event log and the latency, and turns the journal back on', async () => {
    await fillEverything();
    site.journal.enabled = true;
    await asAdmin(() => contacts.queryContacts().find());
    expect(site.journal.entries().length).toBeGreaterThan(0);
    site.journal.enabled = false;

    await controls.reset();

    expect(site.journal.entries()).toEqual([]);
    expect(site.journal.enabled).toBe(true);
    expect(controls.inspect.events()).toEqual([]);
    expect(site.kernel.latencyMs).toBe(0);
    const { _id } = controls.seed.contact({ name: { first: 'After' } });
    const before = site.clock.nowMs();
    await expect(asAdmin(() => contacts.getContact(_id))).resolves.toMatchObject({ _id });
    expect(site.clock.nowMs()).toBe(before);
  });

  it('keeps the clock where it was', async () => {
    site.clock.advance(86_400_000);
    const now = site.clock.now();
    await controls.reset();
    expect(site.clock.now()).toEqual(now);
  });

  it('never issues an ID again that was issued before the reset', async () => {
    const { ids } = await fillEverything();
    await controls.reset();

    const again = await (async () => {
      const member = controls.seed.member({ email: 'full@example.com', visitorId: 'visitor-full' });
      const contact = controls.seed.contact({ emails: [{ email: 'c@example.com' }] });
      const conversation = await asAdmin(() => conversations.getOrCreateConversation({ memberId: member._id }));
      return [member._id, member.contactId, contact._id, conversation.conversation?._id];
    })();
    for (const id of again) expect(ids).not.toContain(id);
  });

  it('keeps the site’s event handlers wired', async () => {
    const seen: string[] = [];
    site = startSite({ eventHandlers: { wixCrm_onContactCreated: (e: { metadata: { entityId: string } }) => seen.push(e.metadata.entityId) } });
    controls = controlsFor(site);
    await controls.reset();
    const { contactId } = await site.as(callers.visitor(), () => contacts.appendOrCreateContact({ name: { first: 'New' } }));
    await controls.settle();
    expect(seen).toEqual([contactId]);
  });

  it('lets running handlers finish before emptying the site, then re-throws their failures', async () => {
    const order: string[] = [];
    site = startSite({
      eventHandlers: {
        wixCrm_onContactCreated: async () => {
          order.push(`handler saw ${controlsFor(site).inspect.contacts().length} contact(s)`);
          throw new Error('late failure');
        },
      },
    });
    controls = controlsFor(site);
    await site.as(callers.visitor(), () => contacts.appendOrCreateContact({ name: { first: 'Busy' } }));

    await expect(controls.reset()).rejects.toThrow(AggregateError);

    expect(order).toEqual(['handler saw 1 contact(s)']);
    expect(controls.inspect.contacts()).toEqual([]);
    await expect(controls.settle()).resolves.toBeUndefined();
  });
});

import wixData from 'wix-data';
import { conversations, messages } from 'wix-inbox.v2';
import { controlsFor, type Site, type SiteControls } from '../src';
import { callers, startSite } from '../src/testing';

let site: Site;
let controls: SiteControls;
beforeEach(() => {
  site = startSite();
  controls = controlsFor(site);
});

const asAdmin = <T>(fn: () => T): T => site.as(callers.admin(), fn);

describe('controls.seed', () => {
  it('seed.contact adds a contact that was always there: no journal entry, no event', () => {
    const contact = controls.seed.contact({ name: { first: 'Ann' }, emails: [{ email: 'ann@example.com' }] });
    expect(controls.inspect.contacts()).toEqual([contact]);
    expect(contact.source.sourceType).toBe('OTHER');
    expect(site.journal.entries()).toEqual([]);
    expect(controls.inspect.events()).toEqual([]);
  });

  it('seed.member signs a member up with its contact and fires the member and contact events', () => {
    const member = controls.seed.member({ email: 'mia@example.com', firstName: 'Mia' });
    expect(member.contactId).not.toBe(member._id);
    expect(controls.inspect.members()).toEqual([member]);
    expect(controls.inspect.events().map((e) => e.name)).toEqual(['wixCrm_onContactCreated', 'wixMembers_onMemberCreated']);
    expect(site.journal.entries()).toEqual([]);
  });

  it('seed.memberSilently creates the same member and contact without any event', () => {
    const member = controls.seed.memberSilently({ email: 'quiet@example.com' });
    expect(controls.inspect.members().map((m) => m._id)).toEqual([member._id]);
    expect(controls.inspect.contacts().map((c) => c._id)).toEqual([member.contactId]);
    expect(controls.inspect.events()).toEqual([]);
  });

  it('seed.collection defines a collection with its permissions and first items, which wix-data then serves', async () => {
    const seeded = controls.seed.collection('Notes', { read: 'Admin' }, [{ title: 'first' }, { _id: 'n-2', title: 'second' }]);
    expect(seeded.map((i) => i.title)).toEqual(['first', 'second']);
    expect(seeded[1]?._id).toBe('n-2');
    expect(seeded[0]?._createdDate).toBeInstanceOf(Date);

    await expect(site.as(callers.visitor(), () => wixData.query('Notes').find())).rejects.toMatchObject({ code: 'WD_PERMISSION_DENIED' });
    const page = await asAdmin(() => wixData.query('Notes').find());
    expect(page.items.map((i) => i.title)).toEqual(['first', 'second']);
  });

  it('seed.collection without items leaves the collection empty', () => {
    expect(controls.seed.collection('Empty', {})).toEqual([]);
    expect(controls.inspect.collection('Empty')).toEqual([]);
  });
});

describe('controls.act', () => {
  it('act.submitForm submits as the given caller: contact upserted, form event fired, one journal entry', async () => {
    const { contactId } = await controls.act.submitForm(callers.visitor('v-form'), {
      generation: 'wixForms',
      formName: 'Contact us',
      fields: { name: 'Ada Lovelace', email: 'ada@example.com' },
    });
    expect(controls.inspect.contacts().map((c) => c._id)).toEqual([contactId]);
    expect(controls.inspect.events('wixCrm_onFormSubmit')).toHaveLength(1);
    expect(site.journal.entries()).toEqual([
      expect.objectContaining({ operation: 'forms.submit', caller: callers.visitor('v-form'), outcome: 'ok' }),
    ]);
  });

  it('act.participantSendsMessage opens the participant’s conversation and fires onMessageSentToBusiness', () => {
    const contact = controls.seed.contact({ emails: [{ email: 'writer@example.com' }] });
    const { conversationId, message } = controls.act.participantSendsMessage({ contactId: contact._id }, 'Hello?');
    expect(message).toMatchObject({ direction: 'PARTICIPANT_TO_BUSINESS', sender: { contactId: contact._id } });
    expect(controls.inspect.messages(conversationId).map((m) => m.message.content?.basic?.items?.[0]?.text)).toEqual(['Hello?']);
    expect(controls.inspect.events('wixCrmInbox_onMessageSentToBusiness')).toHaveLength(1);
  });

  it('act.logIn resolves the member caller and promotes the visitor’s conversation to the member', async () => {
    const member = controls.seed.memberSilently({ email: 'log@example.com' });
    const { conversationId: visitorThread } = controls.act.participantSendsMessage({ anonymousVisitorId: 'visitor-9' }, 'hi');

    const caller = await controls.act.logIn(member._id, { visitorId: 'visitor-9' });

    expect(caller).toEqual({ kind: 'member', visitorId: 'visitor-9', memberId: member._id });
    expect(controls.inspect.merges()).toEqual([
      expect.objectContaining({ from: { anonymousVisitorId: 'visitor-9' }, to: { memberId: member._id }, oldConversationIds: [visitorThread] }),
    ]);
    expect(controls.inspect.members()[0]?.lastLoginDate).toEqual(site.clock.now());
  });

  it('act.promote merges a participant’s conversation into the new participant’s', async () => {
    const contact = controls.seed.contact({ emails: [{ email: 'p@example.com' }] });
    const { conversationId: old } = controls.act.participantSendsMessage({ anonymousVisitorId: 'visitor-p' }, 'before');

    controls.act.promote({ anonymousVisitorId: 'visitor-p' }, { contactId: contact._id });

    const merged = controls.inspect.conversations().find((c) => c.conversation._id === old);
    expect(merged?.mergedInto).toEqual(expect.any(String));
    const current = await asAdmin(() => conversations.getOrCreateConversation({ contactId: contact._id }));
    expect(current).toMatchObject({ newConversation: false, conversation: { _id: merged?.mergedInto } });
  });
});

describe('controls.inspect', () => {
  it('shows conversations, messages, detached conversations and merges as Inbox holds them', async () => {
    const member = controls.seed.memberSilently({ email: 'd@example.com' });
    const byMember = await asAdmin(() => conversations.getOrCreateConversation({ memberId: member._id }));
    const byContact = await asAdmin(() => conversations.getOrCreateConversation({ contactId: member.contactId }));
    await asAdmin(() =>
      messages.sendMessage(byMember.conversation?._id ?? '', {
        direction: 'BUSINESS_TO_PARTICIPANT',
        visibility: 'BUSINESS_AND_PARTICIPANT',
        content: { basic: { items: [{ text: 'to the member' }] } },
      }),
    );

    expect(controls.inspect.conversations().map((c) => [c.conversation._id, c.detached])).toEqual([
      [byMember.conversation?._id, false],
      [byContact.conversation?._id, true],
    ]);
    expect(controls.inspect.detachedConversations().map((c) => c.participantId)).toEqual([{ contactId: member.contactId }]);
    expect(controls.inspect.messages(byMember.conversation?._id ?? '')).toEqual([
      expect.objectContaining({ sendNotifications: false, message: expect.objectContaining({ direction: 'BUSINESS_TO_PARTICIPANT' }) }),
    ]);
    expect(controls.inspect.merges()).toEqual([]);
  });

  it('shows app collection rows as wix-data computes them', () => {
    const member = controls.seed.memberSilently({ email: 'row@example.com', firstName: 'Row' });
    expect(controls.inspect.collection('Members/PrivateMembersData')).toEqual([
      expect.objectContaining({ _id: member._id, loginEmail: 'row@example.com', firstName: 'Row' }),
    ]);
  });

  it('filters the event log by name', () => {
    controls.seed.member({ email: 'e@example.com' });
    expect(controls.inspect.events('wixMembers_onMemberCreated').map((e) => e.name)).toEqual(['wixMembers_onMemberCreated']);
    expect(controls.inspect.events('wixCrm_onContactDeleted')).toEqual([]);
  });

  it('returns copies: changing what it returns changes nothing in the site', () => {
    controls.seed.contact({ name: { first: 'Orig' } });
    controls.seed.collection('Things', {}, [{ label: 'orig' }]);
    const [contact] = controls.inspect.contacts();
    if (contact?.info.name) contact.info.name.first = 'Changed';
    const [item] = controls.inspect.collection('Things');
    if (item) item.label = 'changed';

    expect(controls.inspect.contacts()[0]?.info.name?.first).toBe('Orig');
    expect(controls.inspect.collection('Things')[0]?.label).toBe('orig');
  });
});

describe('controls.faults, clock, journal, settle', () => {
  it('are the site’s own faults, clock and journal', () => {
    expect(controls.faults).toBe(site.faults);
    expect(controls.clock).toBe(site.clock);
    expect(controls.journal).toBe(site.journal);
  });

  it('a fault injected through the controls fails the emulated call', async () => {
    controls.faults.inject('inbox.getOrCreateConversation', { status: 429 });
    const contact = controls.seed.contact({ name: { first: 'F' } });
    await expect(asAdmin(() => conversations.getOrCreateConversation({ contactId: contact._id }))).rejects.toMatchObject({ status: 429 });
  });

  it('settle waits for the handlers and rejects with their failures as an AggregateError', async () => {
    site = startSite({ eventHandlers: { wixCrm_onContactCreated: () => Promise.reject(new Error('handler broke')) } });
    controls = controlsFor(site);
    await controls.act.submitForm(callers.visitor(), { generation: 'wixForms', formName: 'F', fields: { email: 'x@example.com' } });

    const failure = await controls.settle().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(AggregateError);
    expect((failure as AggregateError).errors).toEqual([new Error('handler broke')]);
    await expect(controls.settle()).resolves.toBeUndefined();
  });
});

import { contacts } from 'wix-crm-backend';
import wixData from 'wix-data';
import { conversations, messages } from 'wix-inbox.v2';
import { members } from 'wix-members-backend';
import { controlsFor, useSite, type Site, type SiteState } from '../src';
import { callers, startSite } from '../src/testing';
import { backend, buildSite, guidsIn, submittedFormIds, text, type BuiltSite } from './persistence-fixture';

let original: Site;
let built: BuiltSite;
let json: string;
let restored: Site;

beforeEach(async () => {
  original = startSite();
  built = await buildSite(original);
  json = JSON.stringify(original.exportState());
  restored = startSite({ state: JSON.parse(json) as SiteState });
});

describe('whole-site export and import', () => {
  it('exports plain JSON: a JSON round trip loses nothing', () => {
    expect(JSON.parse(json)).toStrictEqual(original.exportState());
  });

  it('a site built from the JSON exports the same state', () => {
    expect(restored.exportState()).toStrictEqual(original.exportState());
  });

  it('the state holds every service: contacts, sessions, members, form IDs, conversations, messages, merges, collections', () => {
    const state = JSON.parse(json) as SiteState;
    expect(state.contacts.contacts).toHaveLength(3);
    expect(state.contacts.sessions.map((s) => s.visitorId).sort()).toEqual(['visitor-ada', 'visitor-carol']);
    expect(state.members.members).toHaveLength(2);
    expect(state.forms.formIds).toEqual([{ formName: 'Contact us', formId: built.contactFormId }]);
    expect(state.inbox.merges).toHaveLength(3);
    expect(state.inbox.conversations.filter((c) => c.detached)).toHaveLength(1);
    expect(state.data.collections.map((c) => [c.name, c.items.length])).toEqual([['Notes', 1]]);
  });

  it('API results of the restored site carry Dates, equal to the original’s', async () => {
    // The shims talk to the active site: each read makes its site the active one.
    const read = (site: Site) => {
      useSite(site);
      return backend(site, async () => ({
        contact: await contacts.getContact(built.ada.contactId),
        member: await members.getMember(built.ada.memberId, { fieldsets: ['FULL'] }),
        bob: await members.getMember(built.bob.memberId, { fieldsets: ['FULL'] }),
        note: await wixData.get('Notes', built.noteId),
        rows: (await wixData.query('Members/PrivateMembersData').find({ suppressAuth: true })).items,
        thread: await messages.listMessages(built.adaThread, 'BUSINESS'),
      }));
    };
    const before = await read(original);
    const after = await read(restored);

    expect(after.contact._createdDate).toBeInstanceOf(Date);
    expect(after.contact.lastActivity.activityDate).toBeInstanceOf(Date);
    expect(after.member._createdDate).toBeInstanceOf(Date);
    expect(after.bob.lastLoginDate).toBeInstanceOf(Date);
    expect(after.note?._createdDate).toBeInstanceOf(Date);
    expect(after.note?.due).toEqual(new Date('2026-02-01T10:00:00.000Z'));
    expect(after.rows[0]?._createdDate).toBeInstanceOf(Date);
    expect(after.thread.messages?.[0]?._createdDate).toBeInstanceOf(Date);
    expect(after).toEqual(before);
  });

  it('keeps the form IDs it minted: a restored site answers the same form with the same formId', async () => {
    expect(built.contactFormId).toMatch(/^[0-9a-f-]{36}$/);
    const submit = (formName: string) =>
      controlsFor(restored).act.submitForm(callers.visitor('visitor-dora'), {
        generation: 'wixFormsV2',
        formName,
        fields: { email: 'dora@example.com' },
      });
    await submit('Contact us');
    await submit('Newsletter');
    const [contactUs, newsletter] = submittedFormIds(restored);
    expect(contactUs).toBe(built.contactFormId);
    expect(newsletter).not.toBe(built.contactFormId);
    expect(restored.exportState().forms.formIds.map((f) => f.formName)).toEqual(['Contact us', 'Newsletter']);
  });

  it('merged conversation IDs still answer 404 CONVERSATION_NOT_FOUND', async () => {
    expect(built.mergedIds).toHaveLength(3);
    for (const id of built.mergedIds) {
      await expect(backend(restored, () => conversations.getConversation(id))).rejects.toMatchObject({
        status: 404,
        details: { applicationError: { code: 'CONVERSATION_NOT_FOUND' } },
      });
      await expect(backend(restored, () => messages.sendMessage(id, text('late')))).rejects.toMatchObject({ status: 404 });
    }
  });

  it('participants reach the same conversations, with their merged history in order', async () => {
    const ada = await backend(restored, () => conversations.getOrCreateConversation({ memberId: built.ada.memberId }));
    expect(ada).toMatchObject({ newConversation: false, conversation: { _id: built.adaThread } });
    const history = await backend(restored, () => messages.listMessages(built.adaThread, 'BUSINESS', { sorting: { order: 'ASC' } }));
    expect(history.messages?.map((m) => m.content?.basic?.items?.[0]?.text)).toEqual(['Is anyone there?', 'Yes, how can we help?']);
  });

  it('keeps detached flags: the member’s contact ID still opens the same detached conversation', async () => {
    expect(controlsFor(restored).inspect.detachedConversations().map((c) => c.conversation._id)).toEqual([built.detachedThread]);
    const again = await backend(restored, () => conversations.getOrCreateConversation({ contactId: built.ada.contactId }));
    expect(again).toMatchObject({ newConversation: false, conversation: { _id: built.detachedThread } });
  });

  it('keeps the member ↔ contact links and visitor sessions', async () => {
    expect(restored.members.memberIdOfContact(built.ada.contactId)).toBe(built.ada.memberId);
    const again = await restored.as(callers.visitor('visitor-carol'), () => contacts.appendOrCreateContact({ company: 'Smith & Co' }));
    expect(again).toEqual({ contactId: built.carol.contactId, identityType: 'CONTACT' });
  });

  it('keeps issuing IDs that collide with none of the imported ones', async () => {
    const imported = guidsIn(JSON.parse(json));
    const controls = controlsFor(restored);
    const fresh: string[] = [];
    for (let i = 0; i < 20; i += 1) {
      const { contactId } = await restored.as(callers.visitor(`new-visitor-${i}`), () =>
        contacts.appendOrCreateContact({ emails: [{ email: `new${i}@example.com` }] }),
      );
      const thread = await backend(restored, () => conversations.getOrCreateConversation({ contactId }));
      fresh.push(contactId, thread.conversation?._id ?? '');
    }
    const member = controls.seed.memberSilently({ email: 'dora@example.com' });
    const note = await restored.as(callers.member(member._id), () => wixData.insert('Notes', { title: 'new' }));
    fresh.push(member._id, member.contactId ?? '', String(note._id));

    expect(fresh.filter((id) => imported.has(id))).toEqual([]);
    expect(new Set(fresh).size).toBe(fresh.length);
  });

  it('continues the exporter’s ID sequence rather than restarting from the seed', () => {
    expect(restored.kernel.guid()).toBe(original.kernel.guid());
  });

  it('numbers new messages after every imported one', async () => {
    const state = JSON.parse(json) as SiteState;
    const highest = Math.max(...state.inbox.messages.map((m) => Number(m.message.sequence)));
    restored.clock.set(new Date('2025-01-01T00:00:00.000Z'));
    const { message } = await backend(restored, () => messages.sendMessage(built.adaThread, text('after restore')));
    expect(Number(message?.sequence)).toBeGreaterThan(highest);
  });

  it('restores the clock; the journal, event log and faults are not state and start empty', () => {
    expect(restored.clock.now()).toEqual(original.clock.now());
    expect(restored.journal.entries()).toEqual([]);
    expect(restored.events.log()).toEqual([]);
  });

  it('importState replaces whatever the site held before', () => {
    const busy = startSite();
    controlsFor(busy).seed.contact({ name: { first: 'Gone' } });
    controlsFor(busy).seed.collection('Scratch', {});
    busy.importState(JSON.parse(json) as SiteState);
    expect(busy.exportState()).toStrictEqual(original.exportState());
  });

  it('refuses a state of another version', () => {
    const state = { ...(JSON.parse(json) as SiteState), version: 2 } as unknown as SiteState;
    expect(() => startSite({ state })).toThrow('Unsupported emulator state version 2');
  });
});

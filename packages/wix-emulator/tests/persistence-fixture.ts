import { elevate } from 'wix-auth';
import { contacts } from 'wix-crm-backend';
import wixData from 'wix-data';
import { conversations, messages } from 'wix-inbox.v2';
import { controlsFor, type Caller, type Site } from '../src';
import { callers } from '../src/testing';

/** Backend code as Wix runs it for a page request: the session's caller, admin APIs through `elevate`. */
export function backend<T>(site: Site, fn: () => Promise<T>, caller: Caller = callers.visitor('visitor-backend')): Promise<T> {
  return site.as(caller, () => elevate(fn)());
}

export function text(body: string) {
  return {
    direction: 'BUSINESS_TO_PARTICIPANT' as const,
    visibility: 'BUSINESS_AND_PARTICIPANT' as const,
    content: { basic: { items: [{ text: body }] } },
  };
}

export interface BuiltSite {
  readonly ada: { memberId: string; contactId: string };
  readonly bob: { memberId: string; contactId: string };
  readonly carol: { contactId: string };
  /** Ada's thread as a member (the target of two merges). */
  readonly adaThread: string;
  /** Opened with Ada's contact ID after she became a member. */
  readonly detachedThread: string;
  readonly mergedIds: string[];
  readonly noteId: string;
  /** The form ID minted for the new-forms "Contact us" form (its submission named none). */
  readonly contactFormId: string;
}

/**
 * A site that has lived a little: Ada goes visitor → contact → member (two merges), backend code then reaches her
 * contact ID (a detached conversation); Bob chats as a visitor and logs in from that session (a third merge); Carol
 * stays a contact and submits the new-forms "Contact us" form (which mints a form ID); a member writes a wix-data item
 * holding a Date. Everything through the shims and controls.
 */
export async function buildSite(site: Site): Promise<BuiltSite> {
  const controls = controlsFor(site);
  controls.seed.collection('Notes', { read: 'SiteMember', insert: 'SiteMember', update: 'SiteMemberAuthor', remove: 'Admin' });

  controls.act.participantSendsMessage({ anonymousVisitorId: 'visitor-ada' }, 'Is anyone there?');
  site.clock.advance(60_000);
  const { contactId: adaContact } = await site.as(callers.visitor('visitor-ada'), () =>
    contacts.appendOrCreateContact({ name: { first: 'Ada' }, emails: [{ email: 'ada@example.com' }] }),
  );
  const contactThread = await backend(site, () => conversations.getOrCreateConversation({ contactId: adaContact }));
  site.clock.advance(60_000);
  await backend(site, () => messages.sendMessage(contactThread.conversation?._id ?? '', text('Yes, how can we help?')));
  site.clock.advance(60_000);
  const ada = controls.seed.member({ email: 'ada@example.com', firstName: 'Ada', visitorId: 'visitor-ada' });
  const adaThread = await backend(site, () => conversations.getOrCreateConversation({ memberId: ada._id }));
  const detached = await backend(site, () => conversations.getOrCreateConversation({ contactId: adaContact }));

  const bob = controls.seed.memberSilently({ email: 'bob@example.com', firstName: 'Bob' });
  controls.act.participantSendsMessage({ anonymousVisitorId: 'visitor-bob' }, 'Hello from Bob');
  site.clock.advance(60_000);
  await controls.act.logIn(bob._id, { visitorId: 'visitor-bob' });

  const carol = await site.as(callers.visitor('visitor-carol'), () =>
    contacts.appendOrCreateContact({ name: { first: 'Carol' }, phones: [{ phone: '+1 555 0100' }] }),
  );
  const carolThread = await backend(site, () => conversations.getOrCreateConversation({ contactId: carol.contactId }));
  await backend(site, () => messages.sendMessage(carolThread.conversation?._id ?? '', text('Thanks for your call')));
  await controls.act.submitForm(callers.visitor('visitor-carol'), {
    generation: 'wixFormsV2',
    formName: 'Contact us',
    fields: { name: 'Carol', phone: '+1 555 0100' },
  });

  const note = await site.as(callers.member(ada._id), () =>
    wixData.insert('Notes', { title: 'Call back', due: new Date('2026-02-01T10:00:00.000Z'), tags: ['a', 'b'] }),
  );
  await controls.settle();

  return {
    ada: { memberId: ada._id, contactId: adaContact },
    bob: { memberId: bob._id, contactId: bob.contactId ?? '' },
    carol: { contactId: carol.contactId },
    adaThread: adaThread.conversation?._id ?? '',
    detachedThread: detached.conversation?._id ?? '',
    mergedIds: controls.inspect.merges().flatMap((m) => m.oldConversationIds),
    noteId: String(note._id),
    contactFormId: submittedFormIds(site)[0] ?? '',
  };
}

/** `formId` of every `wixForms_onSubmissionCreated` event so far, oldest first. */
export function submittedFormIds(site: Site): string[] {
  return controlsFor(site)
    .inspect.events('wixForms_onSubmissionCreated')
    .map((e) => (e.event as { entity: { formId: string } }).entity.formId);
}

const GUID_PATTERN = /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/g;

/** Every GUID anywhere in a state (IDs, references, merge logs). */
export function guidsIn(state: unknown): Set<string> {
  return new Set(JSON.stringify(state).match(GUID_PATTERN) ?? []);
}

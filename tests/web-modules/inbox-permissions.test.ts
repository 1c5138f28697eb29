import { beforeEach, describe, expect, it } from '@jest/globals';
import * as jswModule from 'backend/inbox.jsw';
import * as webModule from 'backend/inbox.web';
import { MAX_CLOCK_SKEW_MS } from 'backend/inbox/visitor-limits';
import permissions from 'backend/permissions.json';
import { type Caller, invokeJsw, type JswPermissions, type Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact, seedMember } from '../support/people';
import { siteLogs, startSiteWithCode } from '../support/site-with-code';

let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
});

type Entry = (caller: Caller, method: 'resolveParticipantId' | 'sendToParticipant', ...args: unknown[]) => Promise<unknown>;

/** Both ways a page reaches the backend: the web module, and the legacy .jsw module with permissions.json. */
const entries: [string, Entry][] = [
  ['inbox.web', (caller, method, ...args) => site.as(caller, () => (webModule[method] as (...a: unknown[]) => Promise<unknown>)(...args))],
  [
    'inbox.jsw',
    (caller, method, ...args) =>
      site.as(caller, () =>
        invokeJsw(site, { modulePath: 'backend/inbox.jsw', functionName: method, args, permissions: permissions as JswPermissions, module: jswModule }),
      ),
  ],
];

describe.each(entries)('%s', (_name, call) => {
  describe('as the site admin', () => {
    it('resolves any participant and returns the full result', async () => {
      const { memberId, contactId } = seedMember(site, { email: 'ada@example.com' });
      await expect(call(callers.admin(), 'resolveParticipantId', { email: 'ada@example.com' })).resolves.toEqual({
        ok: true,
        value: { participantId: { memberId }, kind: 'member', contactId, memberId, matchedBy: 'email', candidates: 1 },
      });
    });

    it('sends free text to anyone and gets IDs back', async () => {
      const contactId = seedContact(site, { email: 'ben@example.com' });
      const result = await call(callers.admin(), 'sendToParticipant', { contactId }, 'Your table is ready.');
      expect(result).toMatchObject({ ok: true, value: { status: 'sent', participantId: { contactId }, kind: 'contact', conversationId: expect.any(String), messageId: expect.any(String) } });
    });

    it('gets typed errors as data: { code, message, field }', async () => {
      await expect(call(callers.admin(), 'sendToParticipant', { email: 'nobody@example.com' }, 'Hi')).resolves.toEqual({
        ok: false,
        error: { code: 'PARTICIPANT_NOT_FOUND', message: expect.any(String), field: 'query.email' },
      });
      await expect(call(callers.admin(), 'sendToParticipant', { contactId: 'x' }, 'Hi', { visibility: 'EVERYONE' })).resolves.toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT', field: 'options.visibility' },
      });
    });
  });

  describe('as a site member', () => {
    it('resolves themselves, by member ID, contact ID or login email', async () => {
      const me = seedMember(site, { email: 'cai@example.com' });
      for (const query of [{ memberId: me.memberId }, { contactId: me.contactId }, { email: 'CAI@example.com' }]) {
        await expect(call(callers.member(me.memberId), 'resolveParticipantId', query)).resolves.toMatchObject({ ok: true, value: { memberId: me.memberId } });
      }
    });

    it('may not resolve anyone else: PERMISSION_DENIED, before any lookup', async () => {
      const me = seedMember(site, { email: 'dot@example.com' });
      const other = seedMember(site, { email: 'eli@example.com' });
      site.journal.clear();
      for (const query of [{ memberId: other.memberId }, { email: 'eli@example.com' }, { contactId: other.contactId }]) {
        await expect(call(callers.member(me.memberId), 'resolveParticipantId', query)).resolves.toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
      }
      expect(site.journal.count('contacts.queryContacts')).toBe(0);
    });

    it('sends a member template to themselves', async () => {
      const me = seedMember(site, { email: 'fia@example.com' });
      await expect(
        call(callers.member(me.memberId), 'sendToParticipant', { memberId: me.memberId }, { template: 'welcome-back', vars: { name: 'Fia' } }),
      ).resolves.toMatchObject({ ok: true, value: { status: 'sent', participantId: { memberId: me.memberId } } });
    });

    it('may not send free text, raw content, or templates not meant for members', async () => {
      const me = seedMember(site, { email: 'gil@example.com' });
      for (const message of ['hello', { basic: { items: [{ text: 'x' }] } }, { template: 'welcome' }]) {
        await expect(call(callers.member(me.memberId), 'sendToParticipant', { memberId: me.memberId }, message)).resolves.toMatchObject({
          ok: false,
          error: { code: 'PERMISSION_DENIED' },
        });
      }
      expect(site.journal.count('inbox.sendMessage')).toBe(0);
    });

    it('may not send to anyone else', async () => {
      const me = seedMember(site, { email: 'hua@example.com' });
      const other = seedMember(site, { email: 'ian@example.com' });
      await expect(
        call(callers.member(me.memberId), 'sendToParticipant', { memberId: other.memberId }, { template: 'welcome-back' }),
      ).resolves.toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    });

    it('cannot pretend to be someone else through the arguments', async () => {
      const me = seedMember(site, { email: 'jan@example.com' });
      const other = seedMember(site, { email: 'kai@example.com' });
      const result = await call(callers.member(me.memberId), 'sendToParticipant', { memberId: other.memberId }, { template: 'welcome-back' }, { caller: 'admin', memberId: other.memberId });
      expect(result).toMatchObject({ ok: false });
      expect(site.journal.count('inbox.sendMessage')).toBe(0);
    });
  });

  describe('as an anonymous visitor', () => {
    it('may not resolve anyone (not even learn whether an email is known)', async () => {
      seedMember(site, { email: 'lee@example.com' });
      const known = await call(callers.visitor(), 'resolveParticipantId', { email: 'lee@example.com' });
      const unknown = await call(callers.visitor(), 'resolveParticipantId', { email: 'nobody@example.com' });
      expect(known).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
      expect(unknown).toEqual(known);
    });

    it('sends the form acknowledgement to the email they submitted, creating a contact for a new email, and learns no IDs', async () => {
      const result = await call(callers.visitor('v-mia'), 'sendToParticipant', { email: 'mia@example.com', name: 'Mia' }, { template: 'form-received', vars: { name: 'Mia', formName: 'Contact' } });
      expect(result).toEqual({ ok: true, value: { status: 'sent' } });
      const contactId = site.contacts.listContacts()[0]?._id ?? '';
      expect(site.inbox.conversationOf({ contactId })?.messageCount).toBe(1);
    });

    it("acknowledges a member's email in the member's conversation, still without revealing it is a member", async () => {
      const member = seedMember(site, { email: 'ned@example.com' });
      const result = await call(callers.visitor('v-ned'), 'sendToParticipant', { email: 'ned@example.com' }, { template: 'form-received' });
      expect(result).toEqual({ ok: true, value: { status: 'sent' } });
      expect(site.inbox.conversationOf({ memberId: member.memberId })?.messageCount).toBe(1);
      expect(site.inbox.detachedConversations()).toHaveLength(0);
    });

    it('may only use { email, name? } and the templates meant for visitors', async () => {
      const contactId = seedContact(site, { email: 'oz@example.com' });
      await expect(call(callers.visitor(), 'sendToParticipant', { contactId }, { template: 'form-received' })).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      await expect(call(callers.visitor(), 'sendToParticipant', { email: 'oz@example.com' }, 'free text')).resolves.toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
      await expect(call(callers.visitor(), 'sendToParticipant', { email: 'oz@example.com' }, { template: 'welcome' })).resolves.toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
      expect(site.journal.count('inbox.sendMessage')).toBe(0);
    });

    it('is rate limited per visitor (RATE_LIMITED), and the limit resets after the window', async () => {
      let n = 0;
      const send = (visitorId: string) => {
        n += 1;
        return call(callers.visitor(visitorId), 'sendToParticipant', { email: `person${n}@example.com` }, { template: 'form-received' });
      };
      const outcomes = [];
      for (let i = 0; i < 6; i += 1) outcomes.push(await send('v-spam'));
      expect(outcomes.slice(0, 5).every((o) => (o as { ok: boolean }).ok)).toBe(true);
      expect(outcomes[5]).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
      await expect(send('v-other')).resolves.toMatchObject({ ok: true });
      // An hour plus the clock-skew bound between containers (one minute) after the oldest acknowledgement.
      site.clock.advance(61 * 60 * 1000);
      await expect(send('v-spam')).resolves.toMatchObject({ ok: true });
    });
  });

  it('keeps page-chosen template variables to plain words: links, domains and addresses leave their words out', async () => {
    const me = seedMember(site, { email: 'rex@example.com' });
    for (const name of ['win at evil.com', 'https://x.example', 'mail me: a@b.c']) {
      await expect(call(callers.visitor(`v-${name}`), 'sendToParticipant', { email: 'vic@example.com' }, { template: 'form-received', vars: { name } })).resolves.toEqual({
        ok: true,
        value: { status: 'sent' },
      });
      // welcome-back is once per 24 h, and a day holds the clock-skew bound between containers too (one minute).
      site.clock.advance(24 * 60 * 60 * 1000 + MAX_CLOCK_SKEW_MS);
      await expect(call(callers.member(me.memberId), 'sendToParticipant', { memberId: me.memberId }, { template: 'welcome-back', vars: { name } })).resolves.toMatchObject({
        ok: true,
        value: { status: 'sent' },
      });
    }
    await expect(call(callers.visitor('v-vars'), 'sendToParticipant', { email: 'vic@example.com' }, { template: 'form-received', vars: { name: "Mary-Ann O'Neil", formName: 'Contact us' } })).resolves.toMatchObject({ ok: true });
    const titles = site.journal.entries('inbox.sendMessage').map((e) => JSON.stringify(e.args));
    expect(titles).toHaveLength(7);
    expect(titles.join('\n')).not.toMatch(/evil|x\.example|a@b/);
    expect(titles.filter((t) => t.includes('"We got your message"'))).toHaveLength(3);
    expect(titles.filter((t) => t.includes('"Welcome back"'))).toHaveLength(3);
    expect(titles.filter((t) => t.includes("We got your message, Mary-Ann O'Neil"))).toHaveLength(1);
  });

  it('caps acknowledgements from all visitors together, however many visitor IDs a script uses', async () => {
    const outcomes: unknown[] = [];
    for (let i = 0; i < 201; i += 1) {
      outcomes.push(await call(callers.visitor(`v-script-${i}`), 'sendToParticipant', { email: `target${i}@example.com` }, { template: 'form-received' }));
    }
    expect(outcomes.filter((o) => (o as { ok: boolean }).ok)).toHaveLength(200);
    expect(outcomes[200]).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  }, 60_000);

  it('never writes personal data to the logs', async () => {
    seedMember(site, { email: 'pia@example.com', firstName: 'Pia' });
    await call(callers.admin(), 'sendToParticipant', { email: 'pia@example.com' }, 'Secret message text');
    await call(callers.visitor(), 'sendToParticipant', { email: 'quin@example.com', name: 'Quin' }, { template: 'form-received' });
    site.faults.inject('contacts.queryContacts', { status: 500 });
    await call(callers.admin(), 'sendToParticipant', { email: 'pia@example.com' }, 'Secret message text');
    await site.events.settle();
    expect(siteLogs().join('\n')).not.toMatch(/pia@example|quin@example|Quin|Pia|Secret message/i);
  });
});

import { beforeEach, describe, expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox.web';
import { RATE_LIMITS_COLLECTION } from 'backend/wix/collections';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
  site.clock.set(new Date('2030-04-01T09:00:00Z'));
  seedContact(site, { email: 'ivy@example.com' });
});

const submit = (email = 'ivy@example.com') =>
  site.as(callers.visitor('v-ivy'), () => sendToParticipant({ email }, { template: 'form-received', vars: { name: 'Ivy', formName: 'Contact us' } }));
const acknowledgements = () => site.journal.count('inbox.sendMessage', 'ok');
/** Slot rows that count against their key (not given back). */
const liveSlots = (key: string) => (site.data.inspectCollection(RATE_LIMITS_COLLECTION) as { key: string; released?: boolean }[]).filter((r) => r.key === key && !r.released).length;

describe("a visitor's double submit is answered before any slot is taken", () => {
  it('answers a resubmit of a delivered acknowledgement from its first send, inserting and giving back nothing', async () => {
    await expect(submit()).resolves.toEqual({ ok: true, value: { status: 'sent' } });
    site.clock.advance(60 * 1000);
    site.journal.clear();
    await expect(submit()).resolves.toEqual({ ok: true, value: { status: 'sent' } });
    expect(site.journal.count('data.insert') + site.journal.count('data.update')).toBe(0);
    expect(site.journal.count('inbox.sendMessage')).toBe(0);
  });

  it('sends once when the resubmit arrives while the first submit is still sending, and spends each limit once', async () => {
    let second: Awaited<ReturnType<typeof submit>> | undefined;
    // The resubmit runs whole while the first submit waits to call sendMessage: its first send is unfinished.
    site.faults.interleave('inbox.sendMessage', async () => {
      second = await submit();
    });
    await expect(submit()).resolves.toEqual({ ok: true, value: { status: 'sent' } });
    expect(second).toEqual({ ok: true, value: { status: expect.stringMatching(/^(sent|queued)$/) } });
    expect(acknowledgements()).toBe(1);
    // The resubmit took the limits on its full path and gave them back: it sent nothing.
    expect({ visitor: liveSlots('visitor:v-ivy'), visitors: liveSlots('visitors') }).toEqual({ visitor: 1, visitors: 1 });
  });

  it('is refused by a limit without inserting a slot when the first read already shows it full', async () => {
    for (let i = 0; i < 5; i += 1) await expect(submit(`person${i}@example.com`)).resolves.toMatchObject({ ok: true });
    site.journal.clear();
    await expect(submit('person9@example.com')).resolves.toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    expect(site.journal.count('data.insert') + site.journal.count('data.update')).toBe(0);
  });
});

import { beforeEach, describe, expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { sendToParticipant } from 'backend/inbox/send';
import * as siteEvents from 'backend/events';
import type { AccessDependencies } from 'backend/inbox/access';
import type { Site } from 'wix-emulator';
import { configuredSite } from '../support/configured-site';
import { callers } from '../support/emulator';
import { registerMember, seedContact } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

const MINUTE = 60 * 1000;

let site: Site;
let deps: AccessDependencies;
beforeEach(() => {
  site = startSiteWithCode();
  deps = configuredSite(site, { templates: { welcome: { delayMinutes: 30 } } });
});

const welcomes = (memberId: string) => {
  const conversation = site.inbox.conversationOf({ memberId });
  return conversation ? site.inbox.messagesOf(conversation.conversation._id ?? '').map((m) => m.message).filter((m) => m.content?.template) : [];
};
const runJob = () => site.as(callers.job(), () => drainOutbox(deps));
const redeliver = async () => {
  const [created] = site.events.log('wixMembers_onMemberCreated');
  return site.as(callers.eventHandler(), () => siteEvents.wixMembers_onMemberCreated(created?.event as never));
};

describe('a template with a delay', () => {
  it('is queued at the trigger, not sent by the job before its time, and sent once by the job after it', async () => {
    const { memberId } = registerMember(site, { email: 'dee@example.com', firstName: 'Dee' });
    await site.events.settle();
    expect(welcomes(memberId)).toHaveLength(0);

    site.clock.advance(29 * MINUTE);
    await expect(runJob()).resolves.toMatchObject({ taken: 0 });
    expect(welcomes(memberId)).toHaveLength(0);

    site.clock.advance(2 * MINUTE);
    await expect(runJob()).resolves.toMatchObject({ taken: 1, byStatus: { sent: 1 } });
    expect(welcomes(memberId).map((m) => m.content?.template?.title)).toEqual(['Welcome aboard, Dee!']);

    await runJob();
    expect(welcomes(memberId)).toHaveLength(1);
  });

  it('is one message when the trigger comes twice — before the delay and after it', async () => {
    const { memberId } = registerMember(site, { email: 'eli@example.com' });
    await site.events.settle();

    site.clock.advance(5 * MINUTE);
    await redeliver();
    expect(welcomes(memberId)).toHaveLength(0);

    site.clock.advance(30 * MINUTE);
    await Promise.all([runJob(), redeliver(), runJob()]);
    await redeliver();
    await runJob();

    expect(welcomes(memberId)).toHaveLength(1);
  });

  it('answers a send from backend code with queued and the time it is due', async () => {
    const contactId = seedContact(site, { email: 'fay@example.com' });
    const now = site.clock.now().getTime();

    const result = await site.as(callers.admin(), () => sendToParticipant(deps, { contactId }, { template: 'welcome' }, { idempotencyKey: 'welcome-fay' }));
    const again = await site.as(callers.admin(), () => sendToParticipant(deps, { contactId }, { template: 'welcome' }, { idempotencyKey: 'welcome-fay' }));

    expect(result).toMatchObject({ status: 'queued', deduplicated: false, attempts: 0, nextAttemptAt: new Date(now + 30 * MINUTE) });
    expect(again).toMatchObject({ status: 'queued', deduplicated: true });
    expect(site.journal.count('inbox.sendMessage')).toBe(0);
  });

  it('keeps its frequency cap: a welcome once per participant, even when two triggers with other keys become due', async () => {
    const contactId = seedContact(site, { email: 'gus@example.com' });
    await site.as(callers.admin(), () => sendToParticipant(deps, { contactId }, { template: 'welcome' }, { idempotencyKey: 'a' }));
    await site.as(callers.admin(), () => sendToParticipant(deps, { contactId }, { template: 'welcome' }, { idempotencyKey: 'b' }));

    site.clock.advance(31 * MINUTE);
    await expect(runJob()).resolves.toMatchObject({ taken: 2, byStatus: { sent: 1, skipped: 1 } });
    expect(site.journal.entries('inbox.sendMessage').filter((e) => e.outcome === 'ok')).toHaveLength(1);
  });
});

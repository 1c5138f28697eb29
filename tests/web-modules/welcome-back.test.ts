import { describe, expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { configuredCatalog } from 'backend/inbox/owner-wording';
import { CODE_TEMPLATES } from 'backend/inbox/site-templates';
import { MAX_CLOCK_SKEW_MS } from 'backend/inbox/visitor-limits';
import { welcomeBackAsCaller } from 'backend/inbox/welcome-back';
import { welcomeBack } from 'backend/inbox.web';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedMember } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

const HOUR = 60 * 60 * 1000;

/** The collection a wix-data call names: `data.get('InboxOutbox', id)`, or a query's `{ collection }`. */
const collectionOf = (first: unknown) => (typeof first === 'string' ? first : ((first as { collection?: string } | undefined)?.collection ?? ''));

const greetingsOf = (site: Site, memberId: string) => {
  const conversation = site.inbox.conversationOf({ memberId });
  return site.inbox.messagesOf(conversation?.conversation._id ?? '').flatMap((m) => m.message.content?.template?.title ?? []);
};
/** Every call the emulator journalled, but the page→backend hop itself. */
const wixCalls = (site: Site) => site.journal.entries().filter((e) => !e.operation.startsWith('webMethod.'));
/** The same, named by operation and collection, without the owner's wording (read once per container and period). */
const sendCalls = (site: Site) =>
  wixCalls(site)
    .map((e) => `${e.operation} ${collectionOf(e.args[0])}`.trim())
    .filter((call) => call !== 'data.query InboxTemplates');

describe('welcomeBack(): the logged-in member greets themselves', () => {
  it('greets the member by the first name they gave Wix, in their own conversation, with nothing taken from the page', async () => {
    const site = startSiteWithCode();
    const { memberId } = seedMember(site, { email: 'ann@example.com', firstName: 'Ann' });
    await expect(site.as(callers.member(memberId), () => welcomeBack())).resolves.toEqual({ ok: true, value: { status: 'sent' } });
    expect(greetingsOf(site, memberId)).toEqual(['Welcome back, Ann']);
  });

  it('greets once across two logins within the day: the second reads the member, their greeting chain and that greeting, and writes nothing', async () => {
    const site = startSiteWithCode();
    const { memberId } = seedMember(site, { email: 'bo@example.com', firstName: 'Bo' });
    await site.as(callers.member(memberId), () => welcomeBack());
    site.clock.advance(23 * HOUR);
    site.journal.clear();

    await expect(site.as(callers.member(memberId), () => welcomeBack())).resolves.toEqual({ ok: true, value: { status: 'skipped' } });
    expect(sendCalls(site).sort()).toEqual(['data.get InboxOutbox', 'data.query InboxDeliveries', 'members.getCurrentMember']);

    // A day and the allowed clock skew after the first greeting (MAX_CLOCK_SKEW_MS: a link stamped by a container
    // behind this one must still hold a real day), the next login greets again.
    site.clock.advance(HOUR + MAX_CLOCK_SKEW_MS);
    await expect(site.as(callers.member(memberId), () => welcomeBack())).resolves.toEqual({ ok: true, value: { status: 'sent' } });
    expect(greetingsOf(site, memberId)).toEqual(['Welcome back, Bo', 'Welcome back, Bo']);
  });

  it('a second login that would word the greeting differently (the member renamed themselves) reads that greeting, finds it stored and is skipped', async () => {
    const site = startSiteWithCode();
    const { memberId } = seedMember(site, { email: 'ren@example.com', firstName: 'Ren' });
    const deps = siteDependencies(site);
    const renamed = { ...deps, identity: { ...deps.identity, sessionMember: async () => ({ memberId, firstName: 'Renata' }) } };
    await site.as(callers.member(memberId), () => welcomeBackAsCaller(deps));
    site.clock.advance(HOUR);
    site.journal.clear();
    await expect(site.as(callers.member(memberId), () => welcomeBackAsCaller(renamed))).resolves.toEqual({ status: 'skipped' });
    expect(sendCalls(site).sort()).toEqual(['data.get InboxOutbox', 'data.query InboxDeliveries']);
    expect(greetingsOf(site, memberId)).toEqual(['Welcome back, Ren']);
  });

  it('greets once when two tabs log in at the same moment', async () => {
    const site = startSiteWithCode();
    const { memberId } = seedMember(site, { email: 'cy@example.com', firstName: 'Cy' });
    const answers = await Promise.all([1, 2].map(() => site.as(callers.member(memberId), () => welcomeBack())));
    expect(answers.every((a) => a.ok)).toBe(true);
    await site.as(callers.job(), () => drainOutbox(siteDependencies(site)));
    expect(greetingsOf(site, memberId)).toEqual(['Welcome back, Cy']);
  });

  it('shares its once-a-day cap with pages that still greet through sendToParticipant', async () => {
    const site = startSiteWithCode();
    const { memberId } = seedMember(site, { email: 'di@example.com', firstName: 'Di' });
    const { sendToParticipant } = await import('backend/inbox.web');
    await site.as(callers.member(memberId), () => sendToParticipant({ memberId }, { template: 'welcome-back', vars: { name: 'Di' } }));
    site.clock.advance(HOUR);
    await expect(site.as(callers.member(memberId), () => welcomeBack())).resolves.toEqual({ ok: true, value: { status: 'skipped' } });
    expect(greetingsOf(site, memberId)).toEqual(['Welcome back, Di']);
  });

  it('keeps the day held by a greeting that died after a send whose answer was lost: a second login the same day is not greeted', async () => {
    const site = startSiteWithCode();
    const { memberId } = seedMember(site, { email: 'eda@example.com', firstName: 'Eda' });
    // The greeting reaches Eda but its answer is lost; Inbox then cannot list the conversation, so no attempt can tell
    // whether it arrived, and the intent dies of exhausted attempts.
    site.faults.inject('inbox.sendMessage', { responseLost: true, times: 1 });
    site.faults.inject('inbox.listMessages', { status: 503, times: 1_000 });
    await expect(site.as(callers.member(memberId), () => welcomeBack())).resolves.toEqual({ ok: true, value: { status: 'queued' } });
    for (let run = 0; run < 13; run += 1) {
      site.clock.advance(HOUR);
      await site.as(callers.job(), () => drainOutbox(siteDependencies(site)));
    }
    expect(site.data.inspectCollection('InboxOutbox')).toEqual([expect.objectContaining({ status: 'dead' })]);
    site.faults.clear();

    await expect(site.as(callers.member(memberId), () => welcomeBack())).resolves.toEqual({ ok: true, value: { status: 'skipped' } });
    expect(greetingsOf(site, memberId)).toEqual(['Welcome back, Eda']);
  });

  it('stores the greeting on the next login when its intent could not be stored beside its link: greeted once', async () => {
    const site = startSiteWithCode();
    const { memberId } = seedMember(site, { email: 'fay@example.com', firstName: 'Fay' });
    // The outbox insert fails once the link beside it is written: nothing will be sent for that link.
    site.faults.interleave(
      'data.insert',
      async (args) => {
        if (args[0] !== 'InboxOutbox') return;
        while (site.journal.count('data.insert') === 0) await new Promise((resolve) => setImmediate(resolve));
        site.faults.inject('data.insert', { status: 503, times: 1 });
      },
      Number.POSITIVE_INFINITY,
    );
    await expect(site.as(callers.member(memberId), () => welcomeBack())).resolves.toMatchObject({ ok: false, error: { code: 'INBOX_UNAVAILABLE' } });
    expect(site.data.inspectCollection('InboxOutbox')).toEqual([]);
    site.faults.clear();

    site.clock.advance(60 * 1000);
    await expect(site.as(callers.member(memberId), () => welcomeBack())).resolves.toEqual({ ok: true, value: { status: 'sent' } });
    expect(greetingsOf(site, memberId)).toEqual(['Welcome back, Fay']);
  });

  it('claims the link again before sending when the insert beside the intent failed: greeted once', async () => {
    const site = startSiteWithCode();
    const { memberId } = seedMember(site, { email: 'gil@example.com', firstName: 'Gil' });
    // The link's insert fails once the intent beside it is stored.
    const intentStored = () => site.journal.entries('data.insert').some((e) => e.args[0] === 'InboxOutbox');
    site.faults.interleave(
      'data.insert',
      async (args) => {
        if (args[0] !== 'InboxDeliveries' || (args[1] as { kind?: string }).kind !== 'cap') return;
        while (!intentStored()) await new Promise((resolve) => setImmediate(resolve));
        site.faults.inject('data.insert', { status: 503, times: 1 });
      },
      1,
    );
    await expect(site.as(callers.member(memberId), () => welcomeBack())).resolves.toEqual({ ok: true, value: { status: 'sent' } });
    expect(site.data.inspectCollection('InboxDeliveries').filter((r) => (r as { kind?: string }).kind === 'cap')).toHaveLength(1);
    site.clock.advance(HOUR);
    await expect(site.as(callers.member(memberId), () => welcomeBack())).resolves.toEqual({ ok: true, value: { status: 'skipped' } });
    expect(greetingsOf(site, memberId)).toEqual(['Welcome back, Gil']);
  });

  it('costs four round trips when it greets, counting the session read: no role check, no second read of the member', async () => {
    const site = startSiteWithCode();
    const { memberId } = seedMember(site, { email: 'gus@example.com', firstName: 'Gus' });
    site.kernel.latencyMs = 100;
    await site.as(callers.member(memberId), () => welcomeBack());
    site.kernel.latencyMs = 0;
    const { callCost } = await import('../support/round-trips');
    expect(callCost(site.journal.entries(), 100)).toMatchObject({ roundTrips: 4, calls: 9 });
    expect(site.journal.count('members.getRoles')).toBe(0);
  });
});

describe('welcomeBack() for anyone but a logged-in member', () => {
  it('refuses a visitor at the door (members only): no code runs, nothing is read or written', async () => {
    const site = startSiteWithCode();
    await expect(site.as(callers.visitor('v-1'), () => welcomeBack())).rejects.toThrow(/Forbidden/);
    expect(wixCalls(site)).toEqual([]);
  });

  it('answers a session with no member behind it with PERMISSION_DENIED as data, having written nothing', async () => {
    const site = startSiteWithCode();
    // The emulator's admin is a Wix user with no member record: Wix lets them through a members-only door.
    await expect(site.as(callers.admin(), () => welcomeBack())).resolves.toEqual({
      ok: false,
      error: { code: 'PERMISSION_DENIED', message: 'Only a logged-in member can be welcomed back.' },
    });
    const writes = wixCalls(site).filter((e) => e.operation !== 'data.query' && e.operation !== 'members.getCurrentMember');
    expect(writes).toEqual([]);
  });
});

describe("the member's name in the greeting is what they typed, so it is plain words or left out", () => {
  it.each([
    ['a dot leader', 'Kim\u2024com'],
    ['a full-width full stop', 'Kim\uFF0Ecom'],
    ['an ideograph that reads as a dot', 'Kim\u4E36com'],
    ['an ideograph that reads as a slash', 'evil\u4E3Fexample'],
    ['a Mongolian letter that reads as a dot', 'Kim\u18DFcom'],
    ['a link', 'https://evil.example/login'],
  ])('a first name with %s is left out: "Welcome back"', async (_what, firstName) => {
    const site = startSiteWithCode();
    const { memberId } = seedMember(site, { email: 'lookalike@example.com', firstName });
    await site.as(callers.member(memberId), () => welcomeBack());
    expect(greetingsOf(site, memberId)).toEqual(['Welcome back']);
    // Nor is it kept anywhere the greeting is recorded.
    expect(JSON.stringify(site.data.inspectCollection('InboxOutbox'))).not.toContain(firstName);
  });

  it('a first name that is not plain words gives way to a profile nickname that is', async () => {
    const site = startSiteWithCode();
    const member = site.members.seedMember({ email: 'zia@example.com', firstName: 'Zia\u2024com', nickname: 'Zia' });
    await site.as(callers.member(member._id), () => welcomeBack());
    expect(greetingsOf(site, member._id)).toEqual(['Welcome back, Zia']);
  });
});

describe('a site that changed the greeting', () => {
  it('a delayed welcome-back takes the ordinary member send: queued for the job, sent once', async () => {
    const site = startSiteWithCode();
    const { memberId } = seedMember(site, { email: 'hal@example.com', firstName: 'Hal' });
    const base = { ...CODE_TEMPLATES, 'welcome-back': { ...CODE_TEMPLATES['welcome-back']!, delayMs: 30 * 60 * 1000 } };
    const deps = { ...siteDependencies(site), templates: configuredCatalog(base) };
    await expect(site.as(callers.member(memberId), () => welcomeBackAsCaller(deps))).resolves.toEqual({ status: 'queued' });
    await expect(site.as(callers.member(memberId), () => welcomeBackAsCaller(deps))).resolves.toEqual({ status: 'queued' });
    site.clock.advance(HOUR);
    await site.as(callers.job(), () => drainOutbox(deps));
    expect(greetingsOf(site, memberId)).toEqual(['Welcome back, Hal']);
  });

  it('a switched-off welcome-back sends nothing and writes nothing', async () => {
    const site = startSiteWithCode();
    const { memberId } = seedMember(site, { email: 'ivy@example.com', firstName: 'Ivy' });
    const base = { ...CODE_TEMPLATES, 'welcome-back': { ...CODE_TEMPLATES['welcome-back']!, enabled: false } };
    const deps = { ...siteDependencies(site), templates: configuredCatalog(base) };
    await expect(site.as(callers.member(memberId), () => welcomeBackAsCaller(deps))).resolves.toEqual({ status: 'skipped' });
    expect(site.data.inspectCollection('InboxOutbox')).toEqual([]);
    expect(greetingsOf(site, memberId)).toEqual([]);
  });
});

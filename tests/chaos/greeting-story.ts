/**
 * The greeting story of the chaos seeds: `welcome-back` (once in any 24 hours) over several days, to a member and to a
 * contact who signs up part-way, through every door that sends it — the member's logins (`welcomeBack()`, from up to
 * three tabs at once) and the backend naming the person by member ID, contact ID or email — served by backend
 * containers whose clocks disagree by up to 60 s, beside the hourly job, under seeded Inbox and wix-data failures
 * (lost answers included) and reads that lag writes. Days last just under or just over 24 hours, or longer.
 *
 * Judged on the Inbox alone, in real (emulated) time:
 * - no two greetings to one person are closer than a day allows: links of the cap's chain are 24 h apart by the
 *   containers' clocks (so at least 24 h − 60 s in real time), and a greeting goes out at most a day's activity after
 *   its link was claimed, so two greetings less than 24 h − 60 s − that span apart had two links within one day;
 * - every call answered `sent` or `queued` has a greeting that went out after its link could have been claimed
 *   (at most 24 h + 60 s before the call: a call may be answered with the link claimed by another) and before its day
 *   ended;
 * - no greeting sits in a detached conversation (the member never sees it).
 */
import { welcomeBackAsCaller } from 'backend/inbox/welcome-back';
import { sendToParticipant } from 'backend/inbox/send';
import { inboxDependencies } from 'backend/wix/composition';
import type { Caller, Site, SiteControls } from 'wix-emulator';
import type { Prng } from './prng';
import { DAY, drainUntilQuiet, EVENT, HOUR, injectInboxFaults, JOB, MINUTE, type StoryFindings } from './story-kit';
import { drainInboxOutbox } from 'backend/inbox-jobs';

const GREETING = { template: 'welcome-back', vars: { name: 'Sam' } } as const;
const SKEW_MS = 30_000;

interface Person {
  readonly email: string;
  readonly contactId: string;
  memberId: string | undefined;
}

interface Answered {
  readonly person: Person;
  readonly at: number;
  readonly status: string;
}

export async function greetingsThroughTheDays(site: Site, controls: SiteControls, random: Prng): Promise<StoryFindings> {
  const member = controls.seed.memberSilently({ email: 'sam@example.com', firstName: 'Sam' });
  const regular: Person = { email: 'sam@example.com', contactId: member.contactId ?? '', memberId: member._id ?? '' };
  const newcomer: Person = {
    email: 'nia@example.com',
    contactId: controls.seed.contact({ emails: [{ email: 'nia@example.com', tag: 'MAIN', primary: true }] } as Parameters<SiteControls['seed']['contact']>[0])._id ?? '',
    memberId: undefined,
  };
  const containers = Array.from({ length: 3 }, () => {
    const skewMs = Math.round((random.next() * 2 - 1) * SKEW_MS);
    return inboxDependencies({ clock: { now: () => new Date(controls.clock.nowMs() + skewMs), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) } });
  });

  const days = random.int(3, 5);
  const signUpDay = random.int(0, days - 1);
  const answered: Answered[] = [];
  const dayEnds: number[] = [];
  let longestDay = 0;
  for (let day = 0; day < days; day += 1) {
    const dayStart = controls.clock.nowMs();
    for (let moment = random.int(1, 4); moment > 0; moment -= 1) {
      injectInboxFaults(controls, random, ['inbox.getOrCreateConversation', 'inbox.sendMessage', 'data.insert', 'data.query', 'data.update', 'contacts.getContact', 'members.getMember']);
      if (day === signUpDay && moment === 1) signUpDuringTheNextCalls(controls, random, newcomer);
      const burst = Array.from({ length: random.int(1, 3) }, () => greet(site, random, random.pick(containers), random.chance(0.5) ? regular : newcomer));
      if (random.chance(0.3)) burst.push(site.as(JOB, () => drainInboxOutbox()).then(() => undefined, () => undefined));
      const at = controls.clock.nowMs();
      for (const answer of await Promise.all(burst)) if (answer) answered.push({ ...answer, at });
      controls.faults.clear();
      if (day === signUpDay && newcomer.memberId === undefined) signUp(controls, newcomer);
      controls.clock.advance(random.int(0, 40) * MINUTE);
    }
    await drainUntilQuiet(site, controls);
    dayEnds.push(controls.clock.nowMs());
    longestDay = Math.max(longestDay, controls.clock.nowMs() - dayStart);
    // The next day starts just under or just over 24 h after this one, or well after.
    const next = dayStart + random.pick([DAY - random.int(0, 90_000), DAY + random.int(0, 90_000), DAY + random.int(1, 8) * HOUR]);
    controls.clock.advance(Math.max(0, next - controls.clock.nowMs()));
  }
  return judge(site, [regular, newcomer], answered, dayEnds, longestDay);
}

/** One door, chosen by the seed: a login (members only) or the backend naming the person one of the ways it can. */
function greet(site: Site, random: Prng, deps: ReturnType<typeof inboxDependencies>, person: Person): Promise<Omit<Answered, 'at'> | undefined> {
  const memberId = person.memberId;
  const answer = (work: () => Promise<{ status: string }>) => work().then((r) => ({ person, status: r.status }), () => undefined);
  if (memberId !== undefined && random.chance(0.6)) {
    const caller: Caller = { kind: 'member', visitorId: `visitor-of-${memberId}`, memberId };
    return answer(() => site.as(caller, () => welcomeBackAsCaller(deps)));
  }
  const ways = [{ email: person.email }, { contactId: person.contactId }, ...(memberId !== undefined ? [{ memberId }] : [])];
  const query = random.pick(ways);
  return answer(() => site.as(EVENT, () => sendToParticipant(deps, query, GREETING)));
}

/** The newcomer signs up at a seeded call among the next ones (Wix's own doing, between two of the site's calls). */
function signUpDuringTheNextCalls(controls: SiteControls, random: Prng, person: Person): void {
  const moment = random.int(1, 12);
  let calls = 0;
  controls.faults.interleave(
    '*',
    () => {
      calls += 1;
      if (calls === moment && person.memberId === undefined) signUp(controls, person);
    },
    moment,
  );
}

function signUp(controls: SiteControls, person: Person): void {
  person.memberId = controls.seed.member({ email: person.email, firstName: 'Nia' })._id ?? '';
}

function judge(site: Site, people: readonly Person[], answered: readonly Answered[], dayEnds: readonly number[], longestDay: number): StoryFindings {
  const found: StoryFindings = { duplicates: 0, lost: 0, overLimit: 0, findings: [] };
  const conversations = site.inbox.listConversations();
  for (const person of people) {
    const mine = conversations.filter((c) =>
      'memberId' in c.participantId ? c.participantId.memberId === person.memberId : 'contactId' in c.participantId && c.participantId.contactId === person.contactId,
    );
    const greetings = mine.flatMap((c) =>
      site.inbox
        .messagesOf(c.conversation._id ?? '')
        .filter((m) => m.message.content?.template?.title?.startsWith('Welcome back'))
        .map((m) => ({ at: Date.parse(String(m.message._createdDate)), detached: c.detached })),
    );
    const times = greetings.map((g) => g.at).sort((a, b) => a - b);
    const detached = greetings.filter((g) => g.detached).length;
    if (detached > 0) {
      found.lost += detached;
      found.findings.push(`${person.email}: ${detached} greeting(s) in a detached conversation`);
    }
    const closest = DAY - 60_000 - longestDay;
    times.forEach((t, i) => {
      const before = times[i - 1];
      if (before !== undefined && t - before < closest) {
        found.duplicates += 1;
        found.findings.push(`${person.email} greeted twice ${((t - before) / HOUR).toFixed(2)} h apart (${new Date(before).toISOString()}, ${new Date(t).toISOString()})`);
      }
    });
    for (const a of answered.filter((x) => x.person === person && (x.status === 'sent' || x.status === 'queued'))) {
      const dayEnd = dayEnds.find((end) => end >= a.at) ?? Number.POSITIVE_INFINITY;
      if (!times.some((t) => t >= a.at - DAY - 60_000 && t <= dayEnd)) {
        found.lost += 1;
        found.findings.push(`${person.email} was answered ${a.status} at ${new Date(a.at).toISOString()} and no greeting came`);
      }
    }
  }
  return found;
}

/**
 * `npm run bench -- --emulator`: how fast the emulator answers a realistic mix of Velo calls, with the journal on, and how fast a
 * large wix-data collection answers typical queries.
 *
 * Each round is one person reaching the site: they leave their details (appendOrCreateContact, as themselves), then
 * backend code — a web method running as that person, admin APIs through `elevate` — resolves them (queryContacts by
 * email, a `Members/PrivateMembersData` query, getMember for members), gets their conversation and sends and lists
 * messages. Every third person is a member (seeded before timing); the others are new visitors, so the site grows
 * as the run goes. Calls run one after another; time is wall time (`performance.now()`), no emulated latency.
 *
 * The second part seeds a 20,000-item collection and times single queries against it (median and worst of repeated
 * runs): an `_id` lookup and a full scan, each with a date condition, as a site's list pages make them.
 *
 * The Velo modules are loaded by their real names, mapped to packages/wix-emulator/src/velo/ by the same resolver `npm start` uses.
 */
import { installVeloResolution } from 'wix-emulator/velo-resolution';
import { SITE_SOURCES } from './workbench/site-sources';
import { controlsFor, createSite, useSite, type Caller, type Site } from 'wix-emulator';

installVeloResolution(SITE_SOURCES);

/** A Velo module by the name site code imports it under (resolved at run time, after the resolver is installed). */
function velo<T>(name: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the name only resolves once installVeloResolution ran
  return require(name) as T;
}
const { elevate } = velo<typeof import('wix-auth')>('wix-auth');
const { contacts } = velo<typeof import('wix-crm-backend')>('wix-crm-backend');
const wixData = velo<typeof import('wix-data')>('wix-data');
const { conversations, messages } = velo<typeof import('wix-inbox.v2')>('wix-inbox.v2');
const { members } = velo<typeof import('wix-members-backend')>('wix-members-backend');

interface Person {
  readonly email: string;
  readonly caller: Caller;
  readonly memberId?: string;
}

type Step = (person: Person, round: Round) => Promise<unknown>;
interface Round {
  contactId?: string;
  conversationId?: string;
}

/** Backend code handling this person's request: their session, admin APIs elevated. */
const backend = <T>(site: Site, person: Person, fn: () => Promise<T>): Promise<T> => site.as(person.caller, () => elevate(fn)());

function stepsFor(site: Site, person: Person): Step[] {
  const steps: Step[] = [
    async (p, round) => {
      const { contactId } = await site.as(p.caller, () =>
        contacts.appendOrCreateContact({ name: { first: 'Bench' }, emails: [{ email: p.email }] }),
      );
      round.contactId = contactId;
    },
    (p) => backend(site, p, () => contacts.queryContacts().eq('info.emails.email', p.email).find()),
    (p) =>
      backend(site, p, () =>
        wixData.query('Members/PrivateMembersData').hasSome('loginEmail', [p.email]).find({ suppressAuth: true }),
      ),
  ];
  if (person.memberId !== undefined) {
    const memberId = person.memberId;
    steps.push((p) => backend(site, p, () => members.getMember(memberId, { fieldsets: ['FULL'] })));
  }
  steps.push(
    async (p, round) => {
      const participant = p.memberId !== undefined ? { memberId: p.memberId } : { contactId: round.contactId ?? '' };
      const { conversation } = await backend(site, p, () => conversations.getOrCreateConversation(participant));
      round.conversationId = conversation?._id ?? '';
    },
    (p, round) =>
      backend(site, p, () =>
        messages.sendMessage(round.conversationId ?? '', {
          direction: 'BUSINESS_TO_PARTICIPANT',
          visibility: 'BUSINESS_AND_PARTICIPANT',
          content: { previewText: 'Thanks for getting in touch', basic: { items: [{ text: 'Thanks for getting in touch' }] } },
        }),
      ),
    (p, round) => backend(site, p, () => messages.listMessages(round.conversationId ?? '', 'BUSINESS', { paging: { limit: 30 } })),
  );
  return steps;
}

interface Result {
  readonly calls: number;
  readonly wallMs: number;
  readonly heapBeforeMb: number;
  readonly heapAfterMb: number;
  readonly journalEntries: number;
  readonly mix: Map<string, number>;
}

const heapMb = (): number => process.memoryUsage().heapUsed / 1024 / 1024;

async function run(calls: number): Promise<Result> {
  const site = createSite({ seed: 2026 });
  useSite(site);
  const controls = controlsFor(site);
  // Members exist before the run, as on a live site; seeding is not an API call and is not journalled or timed.
  const rounds = Math.ceil(calls / 6);
  const people: Person[] = [];
  for (let i = 0; i < rounds; i += 1) {
    const email = `person${i}@example.com`;
    if (i % 3 === 0) {
      const member = controls.seed.memberSilently({ email, firstName: 'Bench' });
      people.push({ email, memberId: member._id, caller: { kind: 'member', visitorId: `visitor-${i}`, memberId: member._id } });
    } else {
      people.push({ email, caller: { kind: 'visitor', visitorId: `visitor-${i}` } });
    }
  }

  const heapBeforeMb = heapMb();
  const started = performance.now();
  let made = 0;
  for (let i = 0; made < calls; i += 1) {
    const person = people[i % people.length] as Person;
    const round: Round = {};
    for (const step of stepsFor(site, person)) {
      if (made === calls) break;
      await step(person, round);
      made += 1;
    }
  }
  const wallMs = performance.now() - started;
  const heapAfterMb = heapMb();
  await controls.settle();

  const mix = new Map<string, number>();
  for (const entry of site.journal.entries()) mix.set(entry.operation, (mix.get(entry.operation) ?? 0) + 1);
  const failed = site.journal.entries((e) => e.outcome === 'error');
  if (failed.length > 0) throw new Error(`${failed.length} call(s) failed, first: ${failed[0]?.operation} ${failed[0]?.error?.message}`);
  return { calls: made, wallMs, heapBeforeMb, heapAfterMb, journalEntries: site.journal.entries().length, mix };
}

/** Times each query on a 20,000-item collection; `runs` repetitions after one untimed warm-up run. */
async function queryLargeCollection(runs: number): Promise<{ name: string; medianMs: number; worstMs: number; total: number }[]> {
  const site = createSite({ seed: 2026 });
  useSite(site);
  const statuses = ['open', 'closed', 'pending', 'snoozed'];
  const day = 86_400_000;
  const start = Date.UTC(2026, 0, 1);
  const items = Array.from({ length: 20_000 }, (_, i) => ({
    title: `Task ${i}`,
    status: statuses[i % statuses.length],
    due: new Date(start + (i % 365) * day),
  }));
  const seeded = controlsFor(site).seed.collection('Tasks', { read: 'Anyone' }, items);
  const someId = String(seeded[12_045]?._id);
  const cut = new Date(start + 100 * day);
  const admin: Caller = { kind: 'admin', visitorId: 'visitor-admin', userId: 'bench-admin' };
  const queries: [string, () => Promise<{ totalCount?: number }>][] = [
    ["eq('_id') + le(date)", () => wixData.query('Tasks').eq('_id', someId).le('due', cut).find()],
    ["hasSome('status') + le(date)", () => wixData.query('Tasks').hasSome('status', ['open', 'pending']).le('due', cut).find()],
    ['  … sorted by date, descending', () => wixData.query('Tasks').hasSome('status', ['open', 'pending']).le('due', cut).descending('due').find()],
    ["get(collection, _id)", async () => ({ totalCount: (await wixData.get('Tasks', someId)) ? 1 : 0 })],
  ];
  const results = [];
  for (const [name, run] of queries) {
    const { totalCount = 0 } = await site.as(admin, run);
    const times: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const started = performance.now();
      await site.as(admin, run);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    results.push({ name, medianMs: times[Math.floor(runs / 2)] ?? 0, worstMs: times[runs - 1] ?? 0, total: totalCount });
  }
  return results;
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length))) ?? [];
  return rows
    .map((row) => row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0))).join('  '))
    .join('\n');
}

export async function runEmulatorBench(): Promise<void> {
  await run(300); // warm-up: module loading and JIT, not measured
  const results = [await run(1_000), await run(10_000)];
  const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  console.log('Emulator bench: sequential Velo calls through the shims, journal on, no emulated latency\n');
  console.log(
    table([
      ['run', 'calls', 'wall ms', 'calls/s', 'mean µs/call', 'heap before MB', 'heap after MB', 'journal entries'],
      ...results.map((r) => [
        `${fmt(r.calls, 0)} calls`,
        fmt(r.calls, 0),
        fmt(r.wallMs),
        fmt(r.calls / (r.wallMs / 1000), 0),
        fmt((r.wallMs * 1000) / r.calls),
        fmt(r.heapBeforeMb),
        fmt(r.heapAfterMb),
        fmt(r.journalEntries, 0),
      ]),
    ]),
  );
  const last = results[results.length - 1];
  if (last) {
    console.log(`\nMix of the ${fmt(last.calls, 0)}-call run (from the journal):`);
    console.log(table([['operation', 'calls'], ...[...last.mix].map(([op, n]) => [op, fmt(n, 0)])]));
  }

  const runs = 50;
  console.log(`\nwix-data queries on a 20,000-item collection (through the shim, journal on; ${runs} runs each)\n`);
  console.log(
    table([
      ['query', 'matching items', 'median ms', 'worst ms'],
      ...(await queryLargeCollection(runs)).map((r) => [r.name, fmt(r.total, 0), fmt(r.medianMs, 2), fmt(r.worstMs, 2)]),
    ]),
  );
}

import { beforeAll, describe, expect, it } from '@jest/globals';
import { judge, judgeResends, runChaosSeed, type KeyOutcome, type SeedReport } from './scenario';
import { runSweep, type SweepReport } from './sweep';

/**
 * A small chaos sweep on every `npm test` (`npm run chaos` sweeps 200 seeds and more), plus the seeds a full sweep
 * found failing on the delivery code these tests were written against (replay any with `npm run chaos -- --seed N`):
 * duplicates need faults and clock jumps together (64 and 123: a contact becoming a member while a send's answer is
 * lost), lost and dead-while-healthy intents need identical contents and
 * lost answers, misaddressed messages need a contact becoming a member between resolution and getOrCreateConversation.
 */
const SWEEP = { from: 1, seeds: 40 } as const;
const RECORDED = {
  duplicates: [64, 72, 123, 218],
  lost: [95, 542],
  deadWhileHealthy: [32, 33],
  // One send's contact signing up between its resolution and its lookup (3, 21), and two sends both resolved before
  // the sign-up and both looking up after it (16, 27): closed by reading the contact again after every lookup.
  misaddressed: [3, 21],
  misaddressedTwice: [16, 27],
  // Failed on the code before delivery v3 (docs/decisions/0020-delivery-v3.md): identical words with other images or
  // visibility (1, 31, 134), keys sent again after the replay window or housekeeping (4, 7, 125).
  v3: [1, 4, 7, 31, 125, 134],
  // Failed during the speed work (docs/decisions/0023-delivery-at-the-durable-floor.md): a 429 on the result insert
  // read as a send that never went out (73, 86); a round's first attempt claimed by a second caller reconciling back
  // to the intent's creation and adopting an earlier round's message (57, 118).
  speed: [57, 73, 86, 118],
  // Stalled the harness itself: a read reconciliation left running when another read failed answered after the
  // resend phase began, one answer more than calls sent, so time never moved again (827). Two fixes, each enough
  // alone: reconciliation now waits for every read it starts, and the harness counts calls made without its scheduler.
  harness: [827],
} as const;

let sweep: SweepReport;
const recorded = new Map<number, SeedReport>();
beforeAll(async () => {
  sweep = await runSweep(SWEEP);
  for (const seed of new Set(Object.values(RECORDED).flat())) recorded.set(seed, await runChaosSeed(seed));
}, 120_000);

const over = (seeds: readonly number[], count: (r: SeedReport) => number) =>
  sweep.failures.reduce((n, r) => n + count(r), 0) + seeds.reduce((n, seed) => n + count(recorded.get(seed) as SeedReport), 0);

describe('the chaos harness', () => {
  it('replays a seed exactly: same calls, same answers, same findings', async () => {
    const [first, second] = [await runChaosSeed(32), await runChaosSeed(32)];
    expect(second.keys).toEqual(first.keys);
    expect(second.findings).toEqual(first.findings);
    expect(second.emulatedCalls).toBe(first.emulatedCalls);
  });

  it('makes real trouble: injected failures, clock jumps and merges mid-flight happen across the sweep', () => {
    expect(sweep.seeds).toBe(SWEEP.seeds);
    expect(sweep.faultsInjected).toBeGreaterThan(SWEEP.seeds);
    expect(sweep.clockJumps).toBeGreaterThan(SWEEP.seeds / 2);
    expect(sweep.merges).toBeGreaterThan(SWEEP.seeds / 3);
  });

  it('every seed settles: after the faults stop, the job goes quiet within its runs', () => {
    expect(sweep.unsettled).toBe(0);
  });

  it('keeps time moving when a call the site left running answers after the resends began', () => {
    expect(RECORDED.harness.map((seed) => recorded.get(seed)?.failed)).toEqual([false]);
  });
});

describe('the verdict, counted from what arrived against what was asked', () => {
  const key = (name: string, text: string, over: Partial<KeyOutcome> = {}): KeyOutcome => ({
    key: name,
    text,
    outcomes: [{ status: 'queued' }],
    acknowledged: true,
    probe: { status: 'sent' },
    probeSent: false,
    ...over,
  });
  const plan = (keys: KeyOutcome[]) => ({ keys: keys.map((k) => ({ key: k.key, text: k.text, query: { email: 'a@example.com' }, calls: [] })) });
  const arrived = (entries: [string, number][]) => new Map(entries);

  it('counts a key that arrived twice, and more identical messages than keys, as duplicates', () => {
    const keys = [key('k1', 'one'), key('k2', 'same'), key('k3', 'same')];
    const verdict = judge(plan(keys), keys, arrived([['one', 2], ['same', 3]]), arrived([['one', 2], ['same', 3]]), 0, false);
    expect(verdict).toMatchObject({ duplicates: 2, lost: 0, failed: true });
  });

  it('counts an acknowledged key whose message never arrived as lost, and not a key nobody acknowledged', () => {
    const keys = [key('k1', 'same'), key('k2', 'same'), key('k3', 'never', { acknowledged: false, outcomes: [{ error: 'INBOX_UNAVAILABLE' }] })];
    const verdict = judge(plan(keys), keys, arrived([['same', 1]]), arrived([['same', 1]]), 0, false);
    expect(verdict).toMatchObject({ duplicates: 0, lost: 1, failed: true });
  });

  it('counts an intent that is dead afterwards as dead-while-healthy, and its missing message not as lost', () => {
    const keys = [key('k1', 'one', { probe: { error: 'INBOX_UNAVAILABLE' } })];
    const verdict = judge(plan(keys), keys, arrived([]), arrived([]), 0, false);
    expect(verdict).toMatchObject({ lost: 0, deadWhileHealthy: 1, failed: true });
  });

  it('counts a message in a detached conversation as misaddressed, failing the seed though it arrived', () => {
    const keys = [key('k1', 'one')];
    const verdict = judge(plan(keys), keys, arrived([['one', 1]]), arrived([['one', 1]]), 1, false);
    expect(verdict).toMatchObject({ duplicates: 0, lost: 0, misaddressed: 1, failed: true });
  });

  it('counts a key sent again whose message landed in a detached conversation as misaddressed, failing the seed', () => {
    const resent = plan([key('k1', 'one')]).keys;
    const verdict = judgeResends(resent, new Map([['k1', [{ status: 'sent' }]]]), [{ status: 'sent' }], arrived([['one', 1]]), arrived([['one', 2]]), 1, false);
    expect(verdict).toMatchObject({ duplicates: 0, lost: 0, misaddressed: 1, failed: true });
    expect(judgeResends(resent, new Map([['k1', [{ status: 'sent' }]]]), [{ status: 'sent' }], arrived([['one', 1]]), arrived([['one', 2]]), 0, false)).toMatchObject({ failed: false });
  });

  it('passes a seed where everything asked arrived once', () => {
    const keys = [key('k1', 'one'), key('k2', 'same'), key('k3', 'same')];
    const verdict = judge(plan(keys), keys, arrived([['one', 1], ['same', 2]]), arrived([['one', 1], ['same', 2]]), 0, false);
    expect(verdict).toEqual({ duplicates: 0, lost: 0, deadWhileHealthy: 0, misaddressed: 0, unsettled: false, failed: false, findings: [] });
  });
});

// The seeds in RECORDED failed on the delivery code these tests were written against; delivery decided by inserts
// (docs/decisions/0009-delivery-decided-by-inserts.md) and its later fixes pass them all.
describe('delivery under chaos', () => {
  it('delivers no key twice and no more identical messages than intents', () => {
    expect(over(RECORDED.duplicates, (r) => r.duplicates)).toBe(0);
  });

  it('loses nothing it acknowledged', () => {
    expect(over(RECORDED.lost, (r) => r.lost)).toBe(0);
  });

  it('lets no intent die while Wix answers normally', () => {
    expect(over(RECORDED.deadWhileHealthy, (r) => r.deadWhileHealthy)).toBe(0);
  });

  it('keeps every key sent again after its replay window or housekeeping, and messages differing only by attachment or visibility, exactly once', () => {
    expect(over(RECORDED.v3, (r) => r.duplicates + r.lost + r.deadWhileHealthy + (r.findings.some((f) => f.startsWith('unfinished')) ? 1 : 0))).toBe(0);
  });

  it('sends once and loses nothing when a 429 answers the result insert, or a second caller starts a resent round', () => {
    expect(over(RECORDED.speed, (r) => r.duplicates + r.lost + r.deadWhileHealthy)).toBe(0);
  });

  it('puts no message in a detached conversation when a contact becomes a member between a send\'s resolution and its lookup', () => {
    expect(RECORDED.misaddressed.map((seed) => recorded.get(seed)?.misaddressed)).toEqual([0, 0]);
  });

  // The second send's lookup finds the conversation the first one's opened after the sign-up; only a read after the
  // lookup tells it from the contact's own (docs/decisions/0020-delivery-v3.md).
  it('puts no message in a detached conversation when two sends to one contact both straddle its sign-up', () => {
    expect(over(RECORDED.misaddressedTwice, (r) => r.misaddressed)).toBe(0);
  });
});

import { beforeAll, describe, expect, it } from '@jest/globals';
import type { JournalEntry } from 'wix-emulator';
import { callCost } from '../support/round-trips';
import { measureJobRun, measurePublicPaths, type PathCost } from './public-paths';

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1, 9) + ms).toISOString();
const entry = (operation: string, startMs: number): JournalEntry => ({
  seq: 0,
  at: at(startMs),
  operation,
  caller: { kind: 'system', reason: 'event' },
  elevated: true,
  args: [],
  outcome: 'ok',
  applied: true,
  latencyMs: 0,
});

describe('callCost: Wix calls and sequential round trips from the journal', () => {
  it('counts calls made one after another as one round trip each', () => {
    const cost = callCost([entry('contacts.queryContacts', 0), entry('inbox.getOrCreateConversation', 100), entry('inbox.sendMessage', 200)], 100);
    expect(cost).toMatchObject({ calls: 3, roundTrips: 3 });
  });

  it('counts calls made together as one round trip', () => {
    const cost = callCost([entry('contacts.queryContacts', 0), entry('data.query', 0), entry('inbox.getOrCreateConversation', 100), entry('inbox.sendMessage', 200)], 100);
    expect(cost).toMatchObject({ calls: 4, roundTrips: 3 });
    expect(cost.byOperation.get('inbox.sendMessage')).toBe(1);
  });

  it('follows the longest chain when a call starts while another is still in flight', () => {
    // A at 0, B at 50 (overlaps A), C at 100 (after A), D at 150 (after B), E at 250: A→C→E and B→D→E, 3 each.
    const cost = callCost([0, 50, 100, 150, 250].map((ms, i) => entry(`op.${i}`, ms)), 100);
    expect(cost.roundTrips).toBe(3);
  });

  it('leaves the page→backend boundary out: a web method call is not a Wix call', () => {
    const cost = callCost([entry('webMethod.sendToParticipant', 0), entry('inbox.sendMessage', 0)], 100);
    expect(cost).toMatchObject({ calls: 1, roundTrips: 1 });
  });

  it('needs the latency it measures with', () => {
    expect(() => callCost([], 0)).toThrow(RangeError);
  });
});

/**
 * Each public path's cost, counted (never timed) on the emulator: round trips and Wix calls from the journal, the
 * session's role check left out as in the speed table. A change that adds a sequential call fails here.
 */
describe('each public path, in round trips · calls', () => {
  let paths: Map<string, PathCost>;
  beforeAll(async () => {
    paths = new Map((await measurePublicPaths(100)).map((p) => [p.path, p]));
  }, 60_000);
  const cost = (path: string) => {
    const p = paths.get(path);
    if (!p) throw new Error(`not measured: ${path}`);
    return { roundTrips: p.roundTrips, calls: p.calls };
  };

  it("a visitor acknowledgement to a known member reads its limits in two queries beside the lookup, and takes the person's slot and looks the conversation up beside the intent: 5 · 15", () => {
    expect(cost('visitor acknowledgement (known member)')).toEqual({ roundTrips: 5, calls: 15 });
  });

  it.each(['visitor acknowledgement (known contact, existing conversation)', 'visitor acknowledgement (known contact)'])(
    'a %s looks the conversation up beside its limit takes, and reads the contact again beside the intent: 5 · 16',
    (path) => {
      expect(cost(path)).toEqual({ roundTrips: 5, calls: 16 });
    },
  );

  it('an acknowledgement to an unknown email creates the contact after its limits, and reads it again once the lookup created its conversation: 7 · 15', () => {
    expect(cost('visitor acknowledgement, unknown email')).toEqual({ roundTrips: 7, calls: 15 });
  });

  it('a double submit answers from the first send before any slot is taken: 2 · 5', () => {
    expect(cost('visitor double submit (< 10 min)')).toEqual({ roundTrips: 2, calls: 5 });
  });

  it('an admin send by email is 4 round trips, its outbox row written beside the result: 4 · 7', () => {
    expect(cost('admin send by email')).toEqual({ roundTrips: 4, calls: 7 });
  });

  it('a resend of a delivered key reads only its row: 2 round trips', () => {
    expect(cost('resend of a delivered key (dedupe hit)')).toEqual({ roundTrips: 2, calls: 4 });
  });

  it("a member's own welcome-back reads the member beside their greeting chain, then claims the next link beside the intent and reads the chain of the contact they were: 4 · 9", () => {
    expect(cost("a member's own welcome-back (web method)")).toEqual({ roundTrips: 4, calls: 9 });
  });

  it('a login greets with the page calling welcomeBack() at once, the session read included: 4 · 9', () => {
    expect(cost('login → welcome-back, page + web method')).toEqual({ roundTrips: 4, calls: 9 });
  });

  it('a page still greeting through sendToParticipant({ memberId }) costs what it did, and a read of the contact chain: 6 · 10', () => {
    expect(cost('login → welcome-back by sendToParticipant (before welcomeBack)')).toEqual({ roundTrips: 6, calls: 10 });
  });

  it('a delivered send leaves the hourly job nothing to visit', () => {
    for (const p of paths.values()) if (p.jobVisits !== undefined) expect({ path: p.path, jobVisits: p.jobVisits }).toEqual({ path: p.path, jobVisits: 0 });
  });
});

describe('one run of the hourly job', () => {
  it('is bounded by the rate limit, not by one call after another: over 900 of 1,000 queued intents go out (one after another, about 480)', async () => {
    // One after another (≈ 500 ms an intent) a 4-minute run got through about 480; 10 sends a second allow 2,400. A send
    // Wix answers 429 waits for the next run (one attempt per run), so not every one of them goes out in this one.
    const run = await measureJobRun({ latencyMs: 100, queued: 1_000, ratePerSecond: 10 });
    expect(run.rateFloor).toBe(2_400);
    expect(run.delivered).toBeGreaterThan(900);
  }, 60_000);

  it('with more queued than a run allows, gets within 6% of the rate-limit floor: the next page is listed while the last is attempted (2,130 of 2,400 when pages waited for each other)', async () => {
    const run = await measureJobRun({ latencyMs: 100, queued: 3_000, ratePerSecond: 10 });
    expect(run.delivered).toBeGreaterThanOrEqual(Math.floor(0.94 * run.rateFloor));
  }, 120_000);
});

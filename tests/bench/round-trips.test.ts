import { describe, expect, it } from '@jest/globals';
import type { JournalEntry } from '../../emulator';
import { callCost } from '../support/round-trips';

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

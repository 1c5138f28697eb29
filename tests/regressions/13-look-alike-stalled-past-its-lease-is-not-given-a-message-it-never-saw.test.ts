import { describe, expect, it } from '@jest/globals';
import { lookAlikeSite } from '../support/look-alikes';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

/**
 * Fifth review of reconcile.ts / attempts.ts lastPossibleSend. B (key `k-2`) sent the words, its answer was lost
 * (message MB). Z (key `k-1`, same words, same person) claims its first attempt and its worker stalls for three
 * minutes before calling sendMessage: past its one-minute lease, well within the ten minutes the design guards a fenced
 * worker for (0009: "An attempt that fenced such a worker less than staleWorkerMs (10 min) ago adopts what it finds
 * but does not send anew until then"). Meanwhile B is sent again and reconciles: it reads the conversation ([MB]),
 * fences Z's attempt, and lastPossibleSend bounds Z's send by its claim plus the lease (one minute), two minutes before
 * the read: Z is ranked as a claimant whose message was read. Ranked by key, Z takes MB and B sends a second, MB2. Z's
 * worker then sends MZ (it cannot record it: fenced) and Z later adopts MB or MZ: two intents, three messages.
 * Broken: 0030 / README "reconciliation never sends a third message for two intents".
 */
describe('a look-alike whose worker stalls past its lease across a reconciliation', () => {
  it('never makes the reconciling intent send a third message', async () => {
    const { site, sent, send, lostSend, drainHourly } = lookAlikeSite();

    // B: its message goes out, the answer is lost; its call gets no further.
    expect((await lostSend('k-2')).status).toBe('queued');
    expect(sent()).toBe(1);
    site.clock.advance(HOUR);

    // Z: just before its sendMessage, its worker stalls three minutes; meanwhile B's caller sends k-2 again.
    let b: unknown;
    site.faults.interleave('inbox.sendMessage', async () => {
      site.clock.advance(3 * MINUTE);
      b = (await send('k-2')).status;
    });
    const z = (await send('k-1')).status;
    site.faults.clear();
    // On the current code B answers `sent` (it sent MB2); Z answers `queued` (its send is fenced).
    expect([b, z]).toEqual([expect.any(String), 'queued']);

    await drainHourly(4);
    // Two intents, two messages (three before the fix).
    expect(sent()).toBe(2);
  });
});

import { describe, expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { callers } from '../support/emulator';
import { lookAlikeSite } from '../support/look-alikes';

const HOUR = 60 * 60 * 1000;

/**
 * Fourth review of reconcile.ts. B (key `k-2`) sent the words, its answer was lost (message MB). The job reconciles B:
 * it reads the conversation ([MB]) and only then lists the look-alikes and reads their records. In between, Z (key
 * `k-1`, same words, same person) sends M and that answer is lost too: Z's attempt ended `failed` with maySent, so Z is
 * no live attempt but a claimant. Ranked by key, Z takes MB — a message Z never sent — and B, left without one, sends
 * a third (MB2). Z then reconciles for itself: MB2 is B's, MB and M are unowned, and Z adopts the oldest, MB. M is
 * nobody's: two intents, three identical messages to one person.
 * The claimants' ranking assumes every claimant's message is among those read; a claimant whose attempt ended after
 * the conversation was read may have sent after it.
 */
describe('a look-alike that sends between the conversation read and the records read', () => {
  it('never makes the reconciling intent send a third message', async () => {
    const { site, deps, sent, send, lostSend, drainHourly } = lookAlikeSite();

    // B: its message goes out, the answer is lost; its call gets no further.
    expect((await lostSend('k-2')).status).toBe('queued');
    expect(sent()).toBe(1);

    // The job reconciles B. Just before B lists its look-alikes (after it read the conversation), Z sends the same
    // words, its answer lost, and its call gets no further.
    site.clock.advance(HOUR);
    let z: unknown;
    let busy = false;
    site.faults.interleave(
      'data.query',
      async (args) => {
        if (busy || z !== undefined || !JSON.stringify(args).includes('signature')) return;
        busy = true;
        site.faults.interleave('inbox.sendMessage', () => {
          site.faults.inject('inbox.sendMessage', { responseLost: true, times: 1 });
          site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1e9 });
        });
        z = (await send('k-1')).status;
        site.faults.clear();
        busy = false;
      },
      1e9,
    );
    await site.as(callers.job(), () => drainOutbox(deps));
    site.faults.clear();
    expect(z).toBe('queued');

    await drainHourly(4);
    // Two intents, two messages (three before the fix).
    expect(sent()).toBe(2);
  });
});

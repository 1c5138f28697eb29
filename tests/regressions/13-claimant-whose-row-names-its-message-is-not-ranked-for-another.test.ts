import { describe, expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { callers } from '../support/emulator';
import { lookAlikeSite } from '../support/look-alikes';

const HOUR = 60 * 60 * 1000;

/**
 * Fourth review of reconcile.ts `naming`. B (key `k-2`) sent the words, its answer was lost (MB). The job reconciles B.
 * Z (key `k-1`, same words, same person) is mid-attempt: it sent M before B read the conversation, so B sees [MB, M].
 * B lists its look-alikes while Z's row still reads `pending`: Z is a look-alike. Then Z's row write beside its result
 * insert lands (`sent M`), the result insert fails (503), Z records `failed` (maySent) and its `retrying` row write
 * fails. B reads the records: Z is no live attempt, it may have sent: a claimant. B reads the rows naming the
 * messages: Z's row names M, so M counts as owned (by Z's row) — and Z, not settled by any record, is still ranked
 * for a message of its own. Z sorts first and takes MB; B sends a third message MB2. Z's next attempt adopts M, the
 * message its own row names (0029). MB is nobody's: two intents, three identical messages.
 * A claimant whose row already gives it a message is counted twice: once as M's owner, once as seeking.
 */
describe('a claimant whose row names its message when the reconciling intent reads the rows', () => {
  it('is not ranked for another message, so no third message goes out', async () => {
    const { site, deps, sent, send, lostSend, drainHourly } = lookAlikeSite();
    const has = (args: readonly unknown[], ...words: string[]) => words.every((w) => JSON.stringify(args).includes(w));
    const gate = () => {
      let open!: () => void;
      const opened = new Promise<void>((resolve) => (open = resolve));
      return { open, opened };
    };

    // B: its message goes out, the answer is lost; its call gets no further.
    expect((await lostSend('k-2')).status).toBe('queued');
    expect(sent()).toBe(1);
    site.clock.advance(HOUR);

    const zSent = gate(); // Z's message is out, its writes held back
    const zWrites = gate(); // Z may write its row and result
    const zEnded = gate(); // Z's attempt 1 has its `failed` result
    const zNext = gate(); // Z may claim attempt 2
    let z: Promise<unknown> | undefined;
    let phase = 'b-job';
    site.faults.interleave('inbox.listMessages', async () => {
      if (phase !== 'b-job') return;
      phase = 'z-sending';
      z = send('k-1').then((r) => r.status);
      await zSent.opened;
    }, 1e9);
    site.faults.interleave('data.insert', async (args) => {
      if (phase === 'z-sending' && has(args, 'result:k-1:0:1', '"sent"')) {
        phase = 'z-writing';
        zSent.open();
        await zWrites.opened;
        site.faults.inject('data.insert', { status: 503, times: 1 });
      } else if (has(args, 'attempt:k-1:0:2')) {
        await zNext.opened;
      }
    }, 1e9);
    site.faults.interleave('data.update', async (args) => {
      // Z's row write beside its result insert waits too (then lands).
      if ((phase === 'z-sending' || phase === 'z-writing') && has(args, '"sent"', 'k-1')) await zWrites.opened;
      else if (phase === 'z-writing' && has(args, '"retrying"', 'k-1')) {
        phase = 'z-ended';
        site.faults.inject('data.update', { status: 503, times: 1 });
        zEnded.open();
      }
    }, 1e9);
    site.faults.interleave('data.query', async (args) => {
      // B reads its look-alikes' records: only now may Z write (its row was listed `pending` just before).
      if (phase === 'z-writing' && has(args, 'InboxDeliveries', '"intentKey","values":["k-1"]')) {
        zWrites.open();
        await zEnded.opened;
      }
    }, 1e9);

    await site.as(callers.job(), () => drainOutbox(deps));
    zNext.open();
    // Z's attempt 2 adopts M, or waits (B's attempt has just ended, it may have sent) and leaves it to the job.
    expect(['sent', 'queued']).toContain(await z);
    site.faults.clear();
    expect(phase).toBe('z-ended');

    await drainHourly(4);
    // Two intents, two messages (three before the fix).
    expect(sent()).toBe(2);
  });
});

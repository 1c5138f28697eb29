import { describe, expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { sendToParticipant } from 'backend/inbox/send';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

const HOUR = 60 * 60 * 1000;

/**
 * Second review of reconcile.ts `naming` (a message a `sent` row names counts as owned). A row may keep naming a
 * message its intent's records do not own: Z sends M, its result insert fails while its row write beside it lands
 * (`sent M`), its `retrying` write fails — the row reads `sent M`, the records `failed`. Z's own call goes on
 * (attempt 2): it reconciles with look-alike A (key sorts first) as a claimant and, by rank, adopts A's lost message
 * MA, recorded `sent MA`; its row write fails again, so the row still names M. Now Z owns MA by its records AND M by
 * its row. A, reconciling, counts both owned (Z is no claimant: its row reads `sent`) and sends a third message:
 * two intents, three identical messages to one person. Without the row naming, A would adopt M.
 * Faults: one result insert 503, two row writes 503, one lost sendMessage answer.
 */
describe('a row naming a message while its records own another', () => {
  it('never makes a look-alike send a third message', async () => {
    const site = startSiteWithCode();
    const deps = siteDependencies(site);
    const contactId = seedContact(site, { email: 'ann@example.com' });
    const sent = () => site.journal.entries('inbox.sendMessage').filter((e) => e.outcome !== 'error' || e.applied).length;
    const has = (args: readonly unknown[], ...words: string[]) => words.every((w) => JSON.stringify(args).includes(w));

    let step = 0;
    site.faults.interleave(
      'data.insert',
      async (args) => {
        // Z's attempt-1 sent result: fails (nothing written); its row write beside it lands.
        if (step === 0 && has(args, 'result:z-1:0:1', '"sent"')) {
          step = 1;
          site.faults.inject('data.insert', { status: 503, times: 1 });
          // The `retrying` row write after the `failed` result fails too: the row keeps reading `sent M`.
          site.faults.interleave('data.update', (a) => {
            if (has(a, '"retrying"')) site.faults.inject('data.update', { status: 503, times: 1 });
          }, 1e9);
          return;
        }
        // Before Z's attempt 2: A sends the same words, its sendMessage's answer is lost, and its call gets no further.
        if (step === 1 && has(args, 'attempt:z-1:0:2')) {
          step = 2;
          site.faults.clear();
          site.faults.interleave('inbox.sendMessage', () => {
            site.faults.inject('inbox.sendMessage', { responseLost: true, times: 1 });
            site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1e9 });
          });
          const a = await site.as(callers.eventHandler(), () => sendToParticipant(deps, { contactId }, 'Your table is ready', { idempotencyKey: 'a-1' }));
          expect(a.status).toBe('queued');
          site.faults.clear();
          // Z's attempt 2 adopts by rank; its `sent` row write after the recorded result fails.
          site.faults.interleave('data.insert', (b) => {
            if (has(b, 'result:z-1:0:2', '"sent"')) site.faults.inject('data.update', { status: 503, times: 1 });
          }, 1e9);
        }
      },
      1e9,
    );
    await site.as(callers.eventHandler(), () => sendToParticipant(deps, { contactId }, 'Your table is ready', { idempotencyKey: 'z-1' }));
    site.faults.clear();
    expect(step).toBe(2);

    for (let run = 0; run < 3; run += 1) {
      site.clock.advance(HOUR);
      await site.as(callers.job(), () => drainOutbox(deps));
    }
    const rows = (site.data.inspectCollection('InboxOutbox') as { _id: string; status: string; result?: { messageId?: string } }[]).map(
      (row) => `${row._id}:${row.status}:${row.result?.messageId ?? '-'}`,
    );
    // Two intents, two messages. On the current code: three (A sends again).
    expect({ messages: sent(), rows }).toEqual({ messages: 2, rows: expect.any(Array) });
  });
});

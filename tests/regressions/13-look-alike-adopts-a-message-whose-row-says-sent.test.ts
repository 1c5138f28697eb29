import { describe, expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { sendToParticipant } from 'backend/inbox/send';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

const HOUR = 60 * 60 * 1000;

/**
 * Review of the job and the sent batch (0023, 0027) against reconciliation (0009 "Lost answers among identical
 * messages"). A sent attempt writes its row `sent` beside its result insert (0023; in bulk in the job, 0027). When the
 * result insert fails, the attempt records `failed` with `maySent` and writes the row `retrying`; 0023 relies on that
 * write ("the `retrying` row written next lands after it and the job still takes the intent"). When that cache write
 * fails too, the row keeps reading `sent` while the records say the round never ended and no record owns the message.
 *
 * Reconciliation finds its look-alikes with `outbox.unfinishedAlike`, a query on the row's cached status
 * (pending/retrying): the intent whose row says `sent` is not a claimant, its message is "unclaimed", and a look-alike
 * whose own earlier send failed (a 503: may have sent, but did not) adopts it. Two intents, one message: X is
 * acknowledged `sent` and never arrives.
 */
describe('a look-alike whose row reads sent although its round never ended', () => {
  it('keeps its message: the other intent with the same words still gets its own', async () => {
    const site = startSiteWithCode();
    const deps = siteDependencies(site);
    const contactId = seedContact(site, { email: 'ann@example.com' });
    const sent = () => site.journal.entries('inbox.sendMessage').filter((e) => e.outcome === 'ok').length;

    // R: Inbox refuses the lookup for the whole call (nothing sent), queued.
    site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1e9 });
    const r = await site.as(callers.eventHandler(), () => sendToParticipant(deps, { contactId }, 'Your table is ready', { idempotencyKey: 'r-1' }));
    expect(r.status).toBe('queued');
    site.faults.clear();
    site.clock.advance(1000);
    // X: same words, same person, another key; every sendMessage answers 503 (may have sent; here it did not).
    site.faults.inject('inbox.sendMessage', { status: 503, times: 1e9 });
    const x = await site.as(callers.eventHandler(), () => sendToParticipant(deps, { contactId }, 'Your table is ready', { idempotencyKey: 'x-1' }));
    expect(x.status).toBe('queued');
    site.faults.clear();
    expect(sent()).toBe(0);

    // The job: R first (look-alikes go one after another). R's message goes out; its bulk result insert fails (503,
    // nothing written) while the bulk row update lands (`sent`); its `failed` result is recorded; its `retrying` row
    // write fails. Then X is attempted.
    site.clock.advance(HOUR);
    site.faults.inject('data.bulkInsert', { status: 503, times: 1 });
    site.faults.inject('data.update', { status: 503, times: 1 });
    await site.as(callers.job(), () => drainOutbox(deps));
    site.faults.clear();
    for (let run = 0; run < 3; run += 1) {
      site.clock.advance(HOUR);
      await site.as(callers.job(), () => drainOutbox(deps));
    }

    // Two intents, two messages. On the current code: one message, both keys answer `sent` with the same message ID.
    const rows = site.data.inspectCollection('InboxOutbox') as { _id: string; status: string; result?: { messageId?: string } }[];
    const ids = rows.map((row) => `${row._id}:${row.status}:${row.result?.messageId ?? '-'}`);
    expect({ messages: sent(), ids }).toEqual({ messages: 2, ids: expect.any(Array) });
  });
});

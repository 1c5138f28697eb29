import { beforeEach, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { drainOutbox } from 'backend/inbox/drain';
import { sendToParticipant } from 'backend/inbox/send';
import * as jobs from 'backend/inbox-jobs';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { registerMember, seedContact } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
});

const HOUR = 60 * 60 * 1000;
const outbox = () => site.data.inspectCollection('InboxOutbox') as unknown as { _id: string; status: string; attempts: number; deadReason?: string }[];
const send = (query: { contactId: string } | { email: string }, message: unknown, key?: string) =>
  site.as(callers.eventHandler(), () => sendToParticipant(siteDependencies(site), query, message, key ? { idempotencyKey: key } : {}));
const drain = () => site.as(callers.job(), () => drainOutbox(siteDependencies(site)));

describe('the outbox', () => {
  it('holds the intent before Wix is called', async () => {
    const contactId = seedContact(site, { email: 'olga@example.com' });
    let seenBeforeCall: unknown;
    site.faults.interleave('inbox.getOrCreateConversation', () => {
      seenBeforeCall = outbox()[0];
    });
    await send({ contactId }, 'Hello', 'first-contact');
    expect(seenBeforeCall).toMatchObject({ _id: 'first-contact', status: 'pending' });
    // The outcome is the attempt's result record; the outbox row, its cache, is written beside it.
    const result = site.data.inspectCollection('InboxDeliveries').find((r) => r._id === 'result:first-contact:0:1');
    expect(result).toMatchObject({ kind: 'result', status: 'sent', intentKey: 'first-contact' });
    expect(outbox()[0]).toMatchObject({ status: 'sent', attempts: 1 });
    // A delivered send leaves the hourly job nothing to do.
    site.clock.advance(HOUR);
    await expect(drain()).resolves.toMatchObject({ taken: 0, refreshed: 0 });
    expect(site.journal.count('inbox.sendMessage')).toBe(1);
  });

  it('keeps what a call could not deliver, and the hourly job delivers it', async () => {
    const contactId = seedContact(site, { email: 'pia@example.com' });
    site.faults.inject('inbox.sendMessage', { status: 503, times: 1000 });
    const queued = await send({ contactId }, 'Your invoice', 'invoice-7');
    expect(queued).toMatchObject({ status: 'queued', lastErrorCode: 'INBOX_UNAVAILABLE' });
    expect(outbox()[0]?.status).toBe('retrying');
    site.faults.clear(); // Wix recovers.

    site.clock.advance(HOUR);
    const report = await drain();
    expect(report).toMatchObject({ taken: 1, byStatus: { sent: 1 } });
    expect(outbox()[0]?.status).toBe('sent');
    expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(1);
  });

  it('gives an intent up as dead once it has used its attempts', async () => {
    const contactId = seedContact(site, { email: 'quinn@example.com' });
    site.faults.inject('inbox.sendMessage', { status: 503, times: 10_000 });
    await send({ contactId }, 'Never arrives', 'doomed');
    for (let run = 0; run < 20 && outbox()[0]?.status !== 'dead'; run += 1) {
      site.clock.advance(HOUR);
      await drain();
    }
    expect(outbox()[0]).toMatchObject({ status: 'dead', attempts: 12, deadReason: 'attempts exhausted (12)' });
  });

  it('sends a permanent failure to dead at once, without retrying', async () => {
    await expect(send({ email: 'gone@example.com' }, 'Hi', 'to-nobody')).rejects.toMatchObject({ code: 'PARTICIPANT_NOT_FOUND' });
    expect(outbox()[0]).toMatchObject({ status: 'dead', attempts: 1, deadReason: 'permanent failure: PARTICIPANT_NOT_FOUND' });
  });

  it('delivers a queued intent to the member conversation after a merge happened while it waited', async () => {
    const contactId = seedContact(site, { email: 'rae@example.com' });
    site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1000 });
    await expect(send({ email: 'rae@example.com' }, 'About your booking', 'booking-1')).resolves.toMatchObject({ status: 'queued' });
    site.faults.clear();
    const { memberId } = registerMember(site, { email: 'rae@example.com' });
    await site.events.settle();

    site.clock.advance(HOUR);
    await drain();
    const memberThread = site.inbox.conversationOf({ memberId });
    const texts = site.inbox.messagesOf(memberThread?.conversation._id ?? '').map((m) => m.message.content?.basic?.items?.[0]?.text);
    expect(texts.filter((t) => t === 'About your booking')).toHaveLength(1);
    expect(site.inbox.conversationOf({ contactId })?.mergedInto ?? memberThread?.conversation._id).toBe(memberThread?.conversation._id);
    expect(site.inbox.detachedConversations()).toHaveLength(0);
  });

  it('leaves an intent alone while a call holds its lease', async () => {
    const contactId = seedContact(site, { email: 'sol@example.com' });
    let drained: unknown;
    site.faults.interleave('inbox.sendMessage', async () => {
      drained = await drain();
    });
    await send({ contactId }, 'Hi', 'leased');
    expect(drained).toMatchObject({ taken: 0 });
    expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(1);
  });
});

describe('the scheduled job', () => {
  it('is declared hourly in jobs.config and runs the outbox drain', async () => {
    const config = JSON.parse(readFileSync('src/backend/jobs.config', 'utf8')) as { jobs: { functionLocation: string; functionName: string; executionConfig: { cronExpression: string } }[] };
    const [job] = config.jobs;
    expect(job).toMatchObject({ functionLocation: '/inbox-jobs.js', functionName: 'drainInboxOutbox', executionConfig: { cronExpression: '0 * * * *' } });
    expect(typeof (jobs as Record<string, unknown>)[job?.functionName ?? '']).toBe('function');

    const contactId = seedContact(site, { email: 'tam@example.com' });
    site.faults.inject('inbox.sendMessage', { status: 503, times: 1000 });
    await send({ contactId }, 'Queued', 'queued-1');
    site.faults.clear();
    site.clock.advance(HOUR);
    await expect(site.as(callers.job(), () => jobs.drainInboxOutbox())).resolves.toMatchObject({ taken: 1, byStatus: { sent: 1 } });
  });
});

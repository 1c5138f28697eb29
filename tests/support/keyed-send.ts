import { beforeEach, expect } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { purgeExpired } from 'backend/inbox/retention';
import { sendToParticipant, type SendResult } from 'backend/inbox/send';
import { family } from 'backend/inbox-family';
import type { Site } from 'wix-emulator';
import { callers } from './emulator';
import { seedContact } from './people';
import { siteDependencies, startSiteWithCode } from './site-with-code';

/** A fresh site per test with one contact, and the three callers that race over that contact's keyed message. */
export interface KeyedSendFixture {
  /** This test's site (a new one per test). */
  readonly site: Site;
  readonly contactId: string;
  /** The backend send of 'Your order shipped' under the key `order-42`, as an event handler calls it. */
  send(): Promise<SendResult>;
  /** The hourly job's outbox drain. */
  drain(): ReturnType<typeof drainOutbox>;
  /** Housekeeping's purge of finished intents past retention, as the job runs it. */
  purge(): ReturnType<typeof purgeExpired>;
  /**
   * Leaves the message to the hourly job: Wix fails getOrCreateConversation for the send's whole 8 s budget, so it
   * answers `queued` (intent `retrying`, nothing in flight); then an hour passes and the intent is due.
   */
  queueForTheJob(): Promise<void>;
}

/**
 * Registers a `beforeEach` that starts a site with this project's code and seeds Ida as a contact; the returned
 * fixture reads that test's site, so `send`, `drain` and `purge` may be destructured once at the top of a file.
 */
export function keyedSendPerTest(): KeyedSendFixture {
  let current: { site: Site; contactId: string } | undefined;
  beforeEach(() => {
    const site = startSiteWithCode();
    current = { site, contactId: seedContact(site, { email: 'ida@example.com' }) };
  });
  const now = () => {
    if (!current) throw new Error('keyedSendPerTest: the fixture is read only inside a test (its site starts in beforeEach)');
    return current;
  };
  const send = () => {
    const { site, contactId } = now();
    return site.as(callers.eventHandler(), () => sendToParticipant(siteDependencies(site), { contactId }, 'Your order shipped', { idempotencyKey: 'order-42' }));
  };
  return {
    get site() {
      return now().site;
    },
    get contactId() {
      return now().contactId;
    },
    send,
    drain: () => {
      const { site } = now();
      return site.as(callers.job(), () => drainOutbox(siteDependencies(site)));
    },
    purge: () => {
      const { site } = now();
      return site.as(callers.job(), () => purgeExpired(family.housekeeping, siteDependencies(site).clock));
    },
    queueForTheJob: async () => {
      const { site } = now();
      site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1_000 });
      await expect(send()).resolves.toMatchObject({ status: 'queued' });
      site.faults.clear();
      site.clock.advance(60 * 60 * 1000);
    },
  };
}

import { describe, expect, it } from '@jest/globals';
import * as siteEvents from 'backend/events';
import { drainInboxOutbox } from 'backend/inbox-jobs';
import { setUpInbox } from 'backend/inbox-setup.web';
import { DELIVERIES_COLLECTION, OUTBOX_COLLECTION, RATE_LIMITS_COLLECTION } from 'backend/wix/collections';
import { translateWixError } from 'backend/wix/translate-error';
import { captureLogs } from '../support/captured-logs';
import { callers, startSite } from '../support/emulator';
import { followSiteClock } from '../support/site-with-code';
import { ADMIN_ONLY } from '../../scripts/workbench/admin-only';

describe('a missing collection is a setup step to do, never an outage to retry', () => {
  it("is permanent in the SDK's form too (WDE0025 in details.applicationError, no code, no status)", () => {
    // What Wix's data client (used by @wix/data) throws: the WDE number only. It used to read as an unknown, retryable failure.
    const sdkShaped = Object.assign(new Error('WDE0025: The InboxOutbox collection does not exist.'), {
      details: { applicationError: { code: 'WDE0025', description: 'The InboxOutbox collection does not exist.' } },
    });

    expect(translateWixError(sdkShaped, 'write InboxOutbox')).toMatchObject({ code: 'SITE_NOT_SET_UP', retryable: false, upstream: { code: 'WDE0025' } });
  });

  it('leaves the intent queued and untouched, and the hourly job fails with what to do instead of attempting it', async () => {
    captureLogs();
    const site = startSite({ eventHandlers: siteEvents });
    followSiteClock(site); // site code's Date follows the emulated clock, so hours pass for the outbox too
    for (const name of [OUTBOX_COLLECTION, RATE_LIMITS_COLLECTION]) {
      site.data.defineCollection(name, { permissions: ADMIN_ONLY });
    }

    site.members.register({ email: 'ivy@example.com', firstName: 'Ivy' }); // the welcome's cap needs the missing InboxDeliveries
    // The handler fails visibly (Wix logs it), with the code that says what to do.
    await expect(site.events.settle()).rejects.toMatchObject({ errors: [expect.objectContaining({ code: 'SITE_NOT_SET_UP' })] });
    const queued = site.data.inspectCollection(OUTBOX_COLLECTION);
    expect(queued).toMatchObject([{ status: 'pending' }]); // kept: once the site is set up it can still go out

    const before = site.journal.entries().length;
    for (let hour = 0; hour < 3; hour += 1) {
      site.clock.advance(3_600_000);
      await expect(site.as(callers.job(), () => drainInboxOutbox())).rejects.toMatchObject({ code: 'SITE_NOT_SET_UP', message: expect.stringContaining(DELIVERIES_COLLECTION) });
    }
    // Each run only looked at which collections exist: it took no intent, claimed nothing, called no Inbox API.
    expect(new Set(site.journal.entries().slice(before).map((e) => e.operation))).toEqual(new Set(['data.getDataCollection']));
    expect(site.data.inspectCollection(OUTBOX_COLLECTION)).toEqual(queued);
    expect(site.journal.count('inbox.sendMessage')).toBe(0);

    // Once an admin sets the site up, the next run delivers what waited.
    await site.as(callers.admin(), () => setUpInbox());
    await expect(site.as(callers.job(), () => drainInboxOutbox())).resolves.toMatchObject({ byStatus: { sent: 1 } });
  });
});

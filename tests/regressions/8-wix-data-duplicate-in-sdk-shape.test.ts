import { afterEach, describe, expect, it, jest } from '@jest/globals';
import wixData from 'wix-data';
import { DELIVERIES_COLLECTION } from 'backend/wix/collections';
import { isDuplicateItem } from 'backend/wix/translate-error';
import { veloDeliveryLog } from 'backend/wix/velo-stores';
import { callers } from '../support/emulator';
import { startSiteWithCode } from '../support/site-with-code';
import { applicationErrorAnswer, thrownBy, wireClient } from '../support/wix-wire';

// Wix's own data client reports "item already exists" as WDE0074 in details.applicationError.code, with no `code`.
// Recognising only `code === 'WD_ITEM_ALREADY_EXISTS'` turned every duplicate — outbox dedupe, attempt leases, cap
// claims, rate-limit slots — into a retryable outage.

async function duplicateAsWixThrowsIt(): Promise<unknown> {
  const client = wireClient(applicationErrorAnswer(409, 'WDE0074', 'WDE0074: An item with _id [k] already exists in collection [InboxDeliveries].'));
  return thrownBy(() => client.items.insert(DELIVERIES_COLLECTION, { _id: 'k' }));
}

afterEach(() => {
  jest.restoreAllMocks();
});

describe('a wix-data duplicate in the shape the real @wix/data client throws', () => {
  it('is recognised as a duplicate', async () => {
    const error = await duplicateAsWixThrowsIt();
    expect((error as { code?: unknown }).code).toBeUndefined();
    expect(isDuplicateItem(error)).toBe(true);
  });

  it('makes a second insert of one delivery record answer the record there first, instead of failing as an outage', async () => {
    const duplicate = await duplicateAsWixThrowsIt();
    const site = startSiteWithCode();
    const at = new Date('2030-01-01T10:00:00Z');
    const cap = { id: 'cap:welcome:m-1', kind: 'cap' as const, chain: 'welcome:m-1', seq: 0, at, intentKey: 'first' };
    await site.as(callers.eventHandler(), () => veloDeliveryLog.insert(cap));
    jest.spyOn(wixData, 'insert').mockRejectedValueOnce(duplicate);
    await expect(site.as(callers.eventHandler(), () => veloDeliveryLog.insert({ ...cap, intentKey: 'second' }))).resolves.toMatchObject({ id: 'cap:welcome:m-1', intentKey: 'first' });
  });
});

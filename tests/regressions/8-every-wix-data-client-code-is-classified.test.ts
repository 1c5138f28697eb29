import { describe, expect, it } from '@jest/globals';
import { codes, wixDataError } from '@wix/wix-data-items-common';
import { translateWixError } from 'backend/wix/translate-error';

// Wix's data client (`@wix/wix-data-items-common` `codes`) names a database quota exceeded and a site in template mode
// among its failures. Neither was known here, so both were read as transient and retried, although repeating the
// write cannot succeed until someone changes the site. Every code of the client's table is now classified on purpose:
// a code added by a later client version fails this test until it is.

/** The client's codes a retry can cure; every other one is permanent (or, for throttling, RATE_LIMITED). */
const TRANSIENT = new Set(['WD_UNKNOWN_ERROR', 'WD_REQUEST_TIMED_OUT', 'WD_QUERY_EXECUTION_ERROR']);
const THROTTLING = new Set(['WD_TOO_MANY_REQUESTS']);
/** A collection the site lacks: setup is missing, never retried (`SITE_NOT_SET_UP`). */
const MISSING_COLLECTION = new Set(['WD_SCHEMA_DOES_NOT_EXIST', 'WD_COLLECTION_DELETED']);

describe("every code in Wix's data client", () => {
  const table = Object.values(codes as Record<string, string>);

  it.each(table)('%s is classified as the client means it', (code) => {
    const translated = translateWixError(wixDataError(`${code}: refused`, code), 'write InboxOutbox');
    if (THROTTLING.has(code)) expect(translated).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    else if (MISSING_COLLECTION.has(code)) expect(translated).toMatchObject({ code: 'SITE_NOT_SET_UP', retryable: false });
    else expect(translated).toMatchObject({ code: 'INBOX_UNAVAILABLE', retryable: TRANSIENT.has(code), upstream: { code } });
  });
});

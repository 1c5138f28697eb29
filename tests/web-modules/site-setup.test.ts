import { describe, expect, it } from '@jest/globals';
import * as siteEvents from 'backend/events';
import { sendToParticipant } from 'backend/inbox.web';
import { captureLogs } from '../support/captured-logs';
import { callers, startSite } from '../support/emulator';

describe('a site set up without the collections velo-inbox needs', () => {
  it('answers SITE_NOT_SET_UP and logs which collection is missing and how to create it, without personal data', async () => {
    const logs = captureLogs();
    const site = startSite({ eventHandlers: siteEvents });
    const result = await site.as(callers.visitor(), () => sendToParticipant({ email: 'ruth@example.com' }, { template: 'form-received' }));

    expect(result).toMatchObject({ ok: false, error: { code: 'SITE_NOT_SET_UP', message: expect.stringContaining('setUpInbox()') } });
    const logged = logs.lines().join('\n');
    expect(logged).toMatch(/InboxRateLimits: the collection does not exist on this site/);
    expect(logged).toMatch(/WD_SCHEMA_DOES_NOT_EXIST/);
    expect(logged).not.toMatch(/ruth/);
  });
});

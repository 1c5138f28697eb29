import { describe, expect, it } from '@jest/globals';
import { startBuiltSite } from '../support/built-site-with-code';
import { minimalSite, siteRepo } from '../support/site-repo';

// Tests here build velo-inbox into a site (transpiling all of src/): seconds each on a busy machine.
jest.setTimeout(60_000);

// Attack on issue 16: a site's events.js exporting a setting beside its handlers (`export const COMMUNITY_ROLE = '…'`)
// got "not called by Wix: COMMUNITY_ROLE (…): dynamic export" from the loader, and the build told its owner to declare
// the string as `export function COMMUNITY_ROLE(event)`. A literal is no function: no handler, nothing to report.

const EVENTS = `import wixData from 'wix-data';

export const COMMUNITY_ROLE = 'b2c7e0d4-1a2b-4c3d-8e9f-0a1b2c3d4e5f';

export function wixStores_onNewOrder(event) {
  return wixData.insert('Orders', { id: event.orderId, role: COMMUNITY_ROLE }, { suppressAuth: true });
}
`;

describe('a plain constant exported from events.js', () => {
  it('is neither reported by the loader nor noted by the build as a handler Wix never calls', () => {
    const site = siteRepo(minimalSite({ 'src/backend/events.js': EVENTS }));
    try {
      expect(site.build().notes.filter((note) => note.includes('COMMUNITY_ROLE'))).toEqual([]);
      expect(startBuiltSite({ root: site.dir }).installed.notCalled).toEqual([]);
    } finally {
      site.remove();
    }
  });
});

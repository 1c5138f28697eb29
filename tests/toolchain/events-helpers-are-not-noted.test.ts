import { describe, expect, it } from '@jest/globals';
import { startBuiltSite } from '../support/built-site-with-code';
import { minimalSite, siteRepo } from '../support/site-repo';

// Builds velo-inbox into a site (transpiling all of src/): seconds on a busy machine.
jest.setTimeout(60_000);

// A site's events.js may export helpers beside its handlers, in any ES module form. Wix calls only handlers
// (`<module>_on<Event>`), so a helper in a form it does not call is no mistake: neither the build's notes nor the
// loader's reports name one, and both still name a handler written in such a form.
const EVENTS = `import wixData from 'wix-data';
import { slugOf } from 'backend/slugs';

export const formatName = slugOf;
export { slugOf };
export const LIMIT = Number('20');

export function wixStores_onNewOrder(event) {
  return wixData.insert('Orders', { id: event.orderId, slug: slugOf(event.orderId) }, { suppressAuth: true });
}

export const wixStores_onCartCompleted = slugOf;
`;

describe("helpers exported from a site's events.js", () => {
  it('are neither noted by the build nor reported by the loader; the handler in a form Wix does not call is, by both', () => {
    const site = siteRepo(minimalSite({ 'src/backend/events.js': EVENTS, 'src/backend/slugs.js': 'export function slugOf(id) { return String(id).toLowerCase(); }\n' }));
    try {
      const noted = site.build().notes.filter((note) => note.includes('Wix never calls'));
      expect(noted).toEqual([expect.stringMatching(/^src\/backend\/events\.js, line \d+: export const wixStores_onCartCompleted = slugOf; \(re-export\): Wix never calls wixStores_onCartCompleted/)]);
      expect(startBuiltSite({ root: site.dir }).installed.notCalled.map((n) => `${n.name}: ${n.reason}`)).toEqual(['wixStores_onCartCompleted: re-export']);
    } finally {
      site.remove();
    }
  });
});

import { items } from '@wix/data';
import { apiKeyClient, restApp, type Site } from '../../src';
import { startSite } from '../../src/testing';

/**
 * `query().or(query().eq(…))` on a query with no conditions of its own: the @wix/data client sends
 * `{ $or: [{}, { … }] }`, and an empty filter matches everything, so the answer is every item. The REST face used to
 * drop the empty branch and answer only the items of the other one.
 */
let site: Site;
beforeEach(() => {
  site = startSite({ seed: 8 });
  site.data.defineCollection('Things', {});
  site.data.seedItems('Things', [{ _id: 'a', n: 1 }, { _id: 'b', n: 2 }, { _id: 'c' }]);
});

it('an empty filter inside $or matches every item', async () => {
  const wix = apiKeyClient(restApp(site), { items });
  const page = await wix.items.query('Things').or(wix.items.query('Things').eq('n', 1)).ascending('_id').find();
  expect(page.items.map((i) => i._id)).toEqual(['a', 'b', 'c']);
});

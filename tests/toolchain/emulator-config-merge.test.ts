import { describe, expect, it } from '@jest/globals';
import { mergeEmulatorConfig } from '../../scripts/build/json-merges';
import { BuildStop } from '../../scripts/build/plan';

const OUTBOX = { permissions: { read: 'Admin', insert: 'Admin', update: 'Admin', remove: 'Admin' } };
const CONTACT = { module: 'src/pages/Contact.abc12.js', elements: { '#formStatus': 'Text' } };

describe("the build's entries in the site's wix-emulator.json", () => {
  it('writes the file when the site has none', () => {
    expect(JSON.parse(mergeEmulatorConfig(undefined, { collections: { InboxOutbox: OUTBOX }, pages: {} }))).toEqual({ collections: { InboxOutbox: OUTBOX } });
  });

  it("adds velo-inbox's entries beside the site's own, keeping its comments and layout", () => {
    const site = `// our CMS
{
    "collections": {
        "Orders": { "permissions": { "read": "Anyone" } } // the shop's
    }
}
`;
    const merged = mergeEmulatorConfig(site, { collections: { InboxOutbox: OUTBOX }, pages: { Contact: CONTACT } });
    expect(merged.startsWith('// our CMS\n{\n    "collections": {\n        "Orders": { "permissions": { "read": "Anyone" } }, // the shop\'s\n')).toBe(true);
    expect(merged).toContain('\n        "InboxOutbox": {\n');
    expect(merged).toContain('\n    "pages": {\n        "Contact": {\n');
  });

  it('leaves the text as it was when the entries are there already, and replaces an entry of its own that changed', () => {
    const once = mergeEmulatorConfig(undefined, { collections: { InboxOutbox: OUTBOX }, pages: { Contact: CONTACT } });
    expect(mergeEmulatorConfig(once, { collections: { InboxOutbox: OUTBOX }, pages: { Contact: CONTACT } })).toBe(once);
    const moved = { ...CONTACT, module: 'src/pages/Contact.zz9.js' };
    expect(JSON.parse(mergeEmulatorConfig(once, { collections: {}, pages: { Contact: moved } })).pages.Contact).toEqual(moved);
  });

  it('stops, with the lines to add, on a file it cannot read', () => {
    expect(() => mergeEmulatorConfig('{ "collections": [] }', { collections: { InboxOutbox: OUTBOX }, pages: {} })).toThrow(BuildStop);
    expect(() => mergeEmulatorConfig('{ "collections": ', { collections: { InboxOutbox: OUTBOX }, pages: {} })).toThrow(/wix-emulator\.json cannot be read .* add this to its "collections" yourself/s);
  });
});

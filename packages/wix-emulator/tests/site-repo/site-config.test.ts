import { describe, expect, it } from '@jest/globals';
import { readSiteConfig, SiteRepoError } from '../../src/site-repo';
import { writeSiteRepo } from '../support/site-repo-fixture';

const PAGE = { 'src/pages/Shop.a1b2c.js': '$w.onReady(() => {});\n' };

function configError(config: string, files: Record<string, string> = PAGE): SiteRepoError {
  try {
    readSiteConfig(writeSiteRepo({ 'wix-emulator.json': config, ...files }));
  } catch (error) {
    if (error instanceof SiteRepoError) return error;
    throw error;
  }
  throw new Error('expected the config to be refused');
}

describe("a site repo's wix-emulator.json", () => {
  it('is optional: a repo without one has no collections and no page layouts', () => {
    expect(readSiteConfig(writeSiteRepo(PAGE))).toEqual({ collections: [], pages: [] });
  });

  it('declares collections with their permissions and pages with their elements, comments allowed', () => {
    const root = writeSiteRepo({
      ...PAGE,
      'wix-emulator.json': `// made in the CMS and the editor
{
  "collections": { "Products": { "permissions": { "read": "Anyone", "insert": "Admin" } }, "Notes": {} },
  "pages": {
    "Shop": {
      "module": "src/pages/Shop.a1b2c.js",
      "elements": { "#buy": { "type": "Button", "label": "Buy" }, "#form": { "type": "WixFormsV2", "formName": "Ask" } },
      "formFields": { "#form": [{ "name": "email", "label": "Email", "input": "email", "required": true }] }
    }
  }
}
`,
    });
    expect(readSiteConfig(root)).toEqual({
      collections: [
        { name: 'Products', permissions: { read: 'Anyone', insert: 'Admin' } },
        { name: 'Notes', permissions: {} },
      ],
      pages: [
        {
          title: 'Shop',
          modulePath: 'src/pages/Shop.a1b2c.js',
          elements: { '#buy': { type: 'Button', label: 'Buy' }, '#form': { type: 'WixFormsV2', formName: 'Ask' } },
          formFields: { '#form': [{ name: 'email', label: 'Email', input: 'email', required: true }] },
        },
      ],
    });
  });

  it('refuses a permission Wix does not have, naming the collection and the action', () => {
    const error = configError('{ "collections": { "Products": { "permissions": { "read": "Everyone" } } } }');
    expect(error.code).toBe('SITE_CONFIG_INVALID');
    expect(error.message).toBe('wix-emulator.json: collections."Products".permissions.read: "Everyone" is not one of Anyone, SiteMember, SiteMemberAuthor, Admin');
  });

  it('refuses a page whose code is not in the repo', () => {
    expect(configError('{ "pages": { "Cart": { "module": "src/pages/Cart.zzz.js" } } }').message).toBe('wix-emulator.json: pages."Cart".module: src/pages/Cart.zzz.js is not in the repo');
  });

  it('refuses an element type the emulator does not have, and form fields for an element that is not a form', () => {
    expect(configError('{ "pages": { "Shop": { "module": "src/pages/Shop.a1b2c.js", "elements": { "#gallery": "Gallery" } } } }').message).toMatch(
      /pages\."Shop"\.elements\."#gallery": type "Gallery" is not one the emulator has/,
    );
    expect(configError('{ "pages": { "Shop": { "module": "src/pages/Shop.a1b2c.js", "elements": { "#buy": "Button" }, "formFields": { "#buy": [] } } } }').message).toMatch(
      /formFields\."#buy": #buy is not a form element of the page/,
    );
  });

  it('refuses keys it does not know and text that is not JSON with comments, with line and column', () => {
    expect(configError('{ "colections": {} }').message).toBe('wix-emulator.json: unknown key "colections" (only "collections" and "pages")');
    expect(configError('{\n  "collections": {},\n}').message).toBe('wix-emulator.json: 2:20: not valid JSON with comments (a trailing comma)');
  });
});

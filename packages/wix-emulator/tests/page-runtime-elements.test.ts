import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadPage } from '../src/pages/load-page';
import type { Site } from '../src/site';
import { callers, startSite } from '../src/testing';

/**
 * Page modules under test are written into a throwaway site tree (src/pages, src/backend, src/public), so each test
 * shows the page code it loads. Backend files there import the emulator like real site code imports Velo modules.
 */
const callerModule = JSON.stringify(join(__dirname, '..', 'src', 'kernel', 'caller'));
const backend: Record<string, string> = {
  'src/backend/probe.web.ts': `
    import { Permissions, webMethod } from 'wix-web-module';
    import { currentContext } from ${callerModule};
    export const whoAmI = webMethod(Permissions.Anyone, async () => currentContext().caller.kind);
    export const adminOnly = webMethod(Permissions.Admin, async () => 'secret');
    export const failing = webMethod(Permissions.Anyone, async () => { throw new Error('backend broke'); });
    export function notAWebMethod() { return 'plain'; }
  `,
  'src/backend/legacy.jsw.ts': `
    export function legacyHello(name: string) { return 'hello ' + name; }
  `,
  'src/backend/plain.ts': `export const secret = 'backend only';`,
  'src/public/status.ts': `
    export function setStatus(text: string) { $w('#status').text = text; }
  `,
};

let root: string;
let site: Site;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'page-runtime-'));
  site = startSite();
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(files: Record<string, string>): void {
  for (const [path, text] of Object.entries({ ...backend, ...files })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

function page(source: string, options: { elements?: Parameters<typeof loadPage>[1]['elements']; caller?: ReturnType<typeof callers.admin> } = {}) {
  write({ 'src/pages/Test.abc12.ts': source });
  return loadPage(site, {
    modulePath: 'src/pages/Test.abc12.ts',
    root,
    caller: options.caller ?? callers.visitor(),
    elements: options.elements ?? { '#status': 'Text', '#send': 'Button', '#email': 'TextInput' },
  });
}

describe('loading a page', () => {
  it('runs the module body, then the onReady handlers, as the page caller, and resolves once they settled', async () => {
    const loaded = await page(
      `
      import { whoAmI } from 'backend/probe.web';
      $w.onReady(async () => { $w('#status').text = 'ready as ' + (await whoAmI()); });
      `,
      { caller: callers.member('m-1') },
    );

    expect(loaded.element('#status').text).toBe('ready as member');
    expect(site.journal.entries('webMethod.whoAmI')[0]?.caller).toEqual(callers.member('m-1'));
  });

  it('evaluates the page module afresh on every load', async () => {
    const source = `$w.onReady(() => { $w('#status').text = $w('#status').text + 'x'; });`;

    const first = await page(source);
    const second = await page(source);

    expect(first.element('#status').text).toBe('x');
    expect(second.element('#status').text).toBe('x');
  });

  it('rejects with the error of a failing onReady handler', async () => {
    await expect(page(`$w.onReady(async () => { throw new Error('ready failed'); });`)).rejects.toThrow(/onReady\] ready failed/);
  });

  it('rejects with the error of a failing module body', async () => {
    await expect(page(`throw new Error('module broke');`)).rejects.toThrow('module broke');
  });

  it('exposes the page exports to the test; an exported function runs as page code, as the page caller', async () => {
    const loaded = await page(
      `
      import { whoAmI } from 'backend/probe.web';
      export async function send_click() { $w('#status').text = await whoAmI(); return 'clicked'; }
      `,
      { caller: callers.admin() },
    );

    await expect((loaded.exports.send_click as () => Promise<string>)()).resolves.toBe('clicked');
    expect(loaded.element('#status').text).toBe('admin');
  });
});

describe('Text elements', () => {
  it('sets text, and keeps html in step', async () => {
    const loaded = await page(`$w.onReady(() => { $w('#status').text = 'a < b'; });`);

    expect(loaded.element('#status')).toMatchObject({ text: 'a < b', html: 'a &lt; b' });
  });

  it('refuses a non-string text, as Velo does', async () => {
    await expect(page(`$w.onReady(() => { ($w('#status') as any).text = undefined; });`)).rejects.toThrow(/must be a string/);
  });

  it('hides, shows, collapses and expands', async () => {
    const loaded = await page(
      `$w.onReady(async () => { await $w('#status').hide(); await $w('#status').collapse(); });`,
      { elements: { '#status': { type: 'Text', text: 'initial' } } },
    );
    expect(loaded.element('#status')).toMatchObject({ hidden: true, collapsed: true, text: 'initial' });

    const again = await page(`$w.onReady(async () => { await $w('#status').show(); await $w('#status').expand(); });`, {
      elements: { '#status': { type: 'Text', hidden: true, collapsed: true } },
    });
    expect(again.element('#status')).toMatchObject({ hidden: false, collapsed: false });
  });
});

describe('Buttons and inputs', () => {
  it('runs the click handlers when the visitor clicks, with a click event whose target is the button', async () => {
    const loaded = await page(`
      $w.onReady(() => {
        $w('#send').onClick((event) => { $w('#status').text = event.type + ' on ' + (event.target as any).id; });
      });
    `);

    loaded.fireClick('#send');
    await loaded.settled();

    expect(loaded.element('#status').text).toBe('click on send');
  });

  it('refuses a click on a disabled or hidden button (a visitor cannot click it)', async () => {
    const loaded = await page(`$w.onReady(() => { $w('#send').disable(); });`, {
      elements: { '#send': 'Button', '#hidden': { type: 'Button', hidden: true } },
    });

    expect(loaded.element('#send').enabled).toBe(false);
    expect(() => loaded.fireClick('#send')).toThrow(/disabled/);
    expect(() => loaded.fireClick('#hidden')).toThrow(/hidden/);
  });

  it('runs async click handlers to completion before settled() resolves', async () => {
    const loaded = await page(`
      import { whoAmI } from 'backend/probe.web';
      $w.onReady(() => {
        $w('#send').onClick(async () => {
          $w('#send').disable();
          $w('#status').text = 'sent by ' + (await whoAmI());
          $w('#send').enable();
        });
      });
    `);

    loaded.fireClick('#send');
    expect(loaded.element('#send').enabled).toBe(false);
    await loaded.settled();

    expect(loaded.element('#status').text).toBe('sent by visitor');
    expect(loaded.element('#send').enabled).toBe(true);
  });

  it('types into a TextInput: the value changes, onInput runs, then onChange', async () => {
    const loaded = await page(`
      const seen: string[] = [];
      $w.onReady(() => {
        $w('#email').onInput(() => seen.push('input:' + $w('#email').value));
        $w('#email').onChange(() => { seen.push('change'); $w('#status').text = seen.join(','); });
      });
    `);

    loaded.fireInput('#email', 'ann@example.com');

    expect(loaded.element('#email').value).toBe('ann@example.com');
    expect(loaded.element('#status').text).toBe('input:ann@example.com,change');
  });

  it('tells the test when an element does not support the action', async () => {
    const loaded = await page('');

    expect(() => loaded.fireInput('#status', 'x')).toThrow(/does not support/);
    expect(() => loaded.element('#nope')).toThrow(/not an element/);
  });
});

describe('handler failures surface from settled()', () => {
  it('reports a synchronous throw from a click handler', async () => {
    const loaded = await page(`$w.onReady(() => { $w('#send').onClick(() => { throw new Error('click broke'); }); });`);

    loaded.fireClick('#send');

    await expect(loaded.settled()).rejects.toThrow('[#send onClick] click broke');
    await expect(loaded.settled()).resolves.toBeUndefined();
  });

  it('reports a rejected web method the handler did not catch, with the message the page saw', async () => {
    const loaded = await page(`
      import { failing } from 'backend/probe.web';
      $w.onReady(() => { $w('#send').onClick(async () => { await failing(); }); });
    `);

    loaded.fireClick('#send');

    await expect(loaded.settled()).rejects.toThrow('backend broke');
  });

  it('reports every failure at once when several handlers fail', async () => {
    const loaded = await page(`
      $w.onReady(() => {
        $w('#send').onClick(() => { throw new Error('one'); });
        $w('#send').onClick(async () => { throw new Error('two'); });
      });
    `);

    loaded.fireClick('#send');
    const error = await loaded.settled().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).errors.map((e: Error) => e.message)).toEqual(['[#send onClick] one', '[#send onClick] two']);
  });

  it("answers an element the page does not have with an empty selection, as Wix does: setting a property does nothing", async () => {
    await expect(page(`$w.onReady(() => { $w('#missing').text = 'x'; });`)).resolves.toBeDefined();
  });

  it("reports calling a method on an element the page does not have: TypeError, as on a live site", async () => {
    await expect(page(`$w.onReady(() => { $w('#missing').onClick(() => undefined); });`)).rejects.toThrow(TypeError);
  });
});

describe('what page code may import', () => {
  it('gets only the web methods of a backend/*.web module, each behind its permission', async () => {
    const loaded = await page(`
      import * as probe from 'backend/probe.web';
      $w.onReady(async () => {
        const names = Object.keys(probe).sort().join(',');
        const denied = await probe.adminOnly().then(() => 'allowed', (e: Error) => e.message);
        $w('#status').text = names + ' | ' + denied;
      });
    `);

    expect(loaded.element('#status').text).toMatch(/^adminOnly,failing,whoAmI \| Forbidden/);
  });

  it('calls backend/*.jsw functions through permissions.json', async () => {
    write({
      'src/pages/Legacy.x1.ts': `
        import { legacyHello } from 'backend/legacy.jsw';
        $w.onReady(async () => { $w('#status').text = await legacyHello('Ann'); });
      `,
    });
    const permissions = { 'web-methods': { 'backend/legacy.jsw': { '*': { anonymous: { invoke: true } } } } };

    const allowed = await loadPage(site, { modulePath: 'src/pages/Legacy.x1.ts', root, caller: callers.visitor(), elements: { '#status': 'Text' }, permissions });
    expect(allowed.element('#status').text).toBe('hello Ann');

    await expect(
      loadPage(site, { modulePath: 'src/pages/Legacy.x1.ts', root, caller: callers.visitor(), elements: { '#status': 'Text' }, permissions: {} }),
    ).rejects.toThrow(/Forbidden/);
  });

  it('cannot import a plain backend module or a backend-only Velo module', async () => {
    await expect(page(`import { secret } from 'backend/plain'; export const s = secret;`)).rejects.toThrow(/only web modules/);
    await expect(page(`import { elevate } from 'wix-auth'; export const e = elevate;`)).rejects.toThrow(/backend-only/);
    await expect(page(`import { contacts } from 'wix-crm-backend'; export const c = contacts;`)).rejects.toThrow(/backend-only/);
  });

  it('lets public/ code called by the page use the global $w of that page', async () => {
    const loaded = await page(`
      import { setStatus } from 'public/status';
      $w.onReady(() => setStatus('from public'));
    `);

    expect(loaded.element('#status').text).toBe('from public');
    expect(() => (globalThis as unknown as { $w: (s: string) => unknown }).$w('#status')).toThrow(/only available to page code/);
  });
});

describe('pages side by side and callers', () => {
  it('loads a master page and a page together, each with its own $w and elements', async () => {
    write({
      'src/pages/masterPage.ts': `$w.onReady(() => { $w('#siteTitle').text = 'My site'; });`,
      'src/pages/Home.h0me1.ts': `$w.onReady(() => { $w('#status').text = 'home'; });`,
    });

    const master = await loadPage(site, { modulePath: 'src/pages/masterPage.ts', root, caller: callers.visitor(), elements: { '#siteTitle': 'Text' } });
    const home = await loadPage(site, { modulePath: 'src/pages/Home.h0me1.ts', root, caller: callers.visitor(), elements: { '#status': 'Text' } });

    expect(master.element('#siteTitle').text).toBe('My site');
    expect(home.element('#status').text).toBe('home');
  });

  it('runs later handlers as the new caller after setCaller (the visitor logged in)', async () => {
    const loaded = await page(`
      import { whoAmI } from 'backend/probe.web';
      $w.onReady(() => { $w('#send').onClick(async () => { $w('#status').text = await whoAmI(); }); });
    `);

    loaded.setCaller(callers.member('m-5'));
    loaded.fireClick('#send');
    await loaded.settled();

    expect(loaded.caller).toEqual(callers.member('m-5'));
    expect(loaded.element('#status').text).toBe('member');
  });
});

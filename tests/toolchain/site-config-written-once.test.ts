import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSite } from '../../scripts/build-site';
import { SITE_CONFIG } from '../../scripts/build/site-config';
import { isBuildOutput } from '../../scripts/build/transpile';
import { SiteRepo } from 'wix-emulator/site-repo';
import { startSite } from '../support/emulator';

const repoRoot = join(__dirname, '..', '..');
const fixture = join(__dirname, 'fixtures', 'wix-site');

let site: string;
beforeEach(() => {
  site = mkdtempSync(join(tmpdir(), 'velo-inbox-site-config-'));
  cpSync(fixture, site, { recursive: true });
});
afterEach(() => rmSync(site, { recursive: true, force: true }));

const build = () => buildSite({ root: repoRoot, target: site, mode: 'site' });
/** A backend module of the built site, loaded by the emulator's site-repo loader as Wix would load it. */
const loadBuiltModule = (root: string, specifier: string) => new SiteRepo({ root, site: startSite() }).backendModule(specifier);
const siteFile = () => readFileSync(join(site, SITE_CONFIG), 'utf8');

describe("the site's inbox.config.js", () => {
  it('is written on the first build with every default spelled out, as the site\'s own file (no build-output header)', () => {
    const plan = build();

    expect(siteFile()).toBe(readFileSync(join(repoRoot, SITE_CONFIG), 'utf8'));
    expect(isBuildOutput(siteFile())).toBe(false);
    expect(plan.effects.find((e) => e.path === SITE_CONFIG)?.effect).toBe('create');
    for (const key of ['automatic', 'welcomeOnSignUp', 'templates', 'delayMinutes', 'visitorLimits', 'retention', 'ownerWording', 'adminUserIds']) {
      expect(siteFile()).toContain(key);
    }
  });

  it('is kept byte for byte by every later build, whatever the site wrote in it', () => {
    build();
    const edited = siteFile().replace("'Welcome aboard[[, {{name}}]]!'", "'Hei og velkommen[[, {{name}}]]!'").replace('count: 5, windowMinutes: 60', 'count: 2, windowMinutes: 60') + '\n// our note\n';
    writeFileSync(join(site, SITE_CONFIG), edited);

    const plan = build();
    build();

    expect(siteFile()).toBe(edited);
    expect(plan.changes.some((c) => c.path === SITE_CONFIG)).toBe(false);
    expect(plan.notes).toContain(`${SITE_CONFIG} is the site's: kept as it is.`);
  });

  it("is what the built backend reads: the site's wording and limits, with defaults for what it leaves out", () => {
    build();
    writeFileSync(join(site, SITE_CONFIG), "export default { templates: { welcome: { title: 'Hei og velkommen[[, {{name}}]]!' } }, visitorLimits: { perVisitor: { count: 2 } } };\n");

    const settings = loadBuiltModule(site, 'backend/inbox-settings') as { INBOX_CONFIG: { templates: Record<string, { content: { template: { title: string } } }>; visitorLimits: { perVisitor: { count: number; windowMs: number } }; automatic: { welcomeOnSignUp: boolean } } };

    expect(settings.INBOX_CONFIG.templates.welcome?.content.template.title).toBe('Hei og velkommen[[, {{name}}]]!');
    expect(settings.INBOX_CONFIG.visitorLimits.perVisitor).toEqual({ count: 2, windowMs: 60 * 60 * 1000 });
    expect(settings.INBOX_CONFIG.automatic.welcomeOnSignUp).toBe(true);
  });

  it('stops the built backend at load with the key and the rule when a setting is wrong', () => {
    build();
    writeFileSync(join(site, SITE_CONFIG), 'export default { templates: { welcome: { delayMinutes: -5 } } };\n');

    expect(() => loadBuiltModule(site, 'backend/inbox-settings')).toThrow(/templates\.welcome\.delayMinutes must be at least 0/);
  });
});

describe('the standalone demo site (npm run build without --site)', () => {
  it('keeps its inbox.config.js byte for byte across builds, like a site repo', () => {
    const out = join(site, 'standalone');
    buildSite({ root: repoRoot, target: out, mode: 'standalone' });
    const file = join(out, SITE_CONFIG);
    const edited = readFileSync(file, 'utf8').replace('autoAcknowledgement: false', 'autoAcknowledgement: true');
    writeFileSync(file, edited);

    buildSite({ root: repoRoot, target: out, mode: 'standalone' });

    expect(readFileSync(file, 'utf8')).toBe(edited);
  });
});

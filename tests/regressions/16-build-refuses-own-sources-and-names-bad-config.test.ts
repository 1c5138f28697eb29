import { join } from 'node:path';
import { buildSite, main } from '../../scripts/build-site';
import { BuildStop } from '../../scripts/build/plan';
import { minimalSite, siteRepo, type SiteRepo } from '../support/site-repo';

// Tests here build velo-inbox into a site (transpiling all of src/): seconds each on a busy machine.
jest.setTimeout(60_000);

// Issue 16: `--site .` inside velo-inbox built into velo-inbox itself; an invalid wix.config.json ended in a bare
// SyntaxError; and the owner was not shown their uncommitted changes before the build wrote beside them.

const repoRoot = join(__dirname, '..', '..');

let site: SiteRepo | undefined;
afterEach(() => site?.remove());

describe('what the build checks about its target', () => {
  it("refuses velo-inbox's own folder as the site (checked on a dry run: nothing could be written)", () => {
    const run = () => buildSite({ root: repoRoot, target: repoRoot, mode: 'site', dryRun: true });

    expect(run).toThrow(BuildStop);
    expect(run).toThrow(/holds velo-inbox's own sources/);
  });

  it('names the JSON error of an invalid wix.config.json', () => {
    site = siteRepo(minimalSite({ 'wix.config.json': '{\n  "siteId": "0b7c3e1a",\n  uiVersion: "7"\n}\n' }));

    expect(site.stop().message).toContain('wix.config.json is not valid JSON (InvalidSymbol at line 3, column 3)');
  });

  it("lists the target's uncommitted changes before writing", () => {
    site = siteRepo(minimalSite({ 'src/backend/events.js': 'export function wixStores_onNewOrder(event) {}\n' }));
    site.write('src/backend/events.js', 'export function wixStores_onNewOrder(event) { return 1; }\n');
    site.write('src/backend/notes.js', 'export const draft = 1;\n');

    const plan = site.build({ dryRun: true });

    expect(plan.uncommitted).toEqual([' M src/backend/events.js', '?? src/backend/notes.js']);
  });

  it('prints those changes on the command line before it writes', () => {
    site = siteRepo(minimalSite({ 'src/backend/events.js': 'export function wixStores_onNewOrder(event) {}\n' }));
    site.write('src/backend/notes.js', 'export const draft = 1;\n');
    const lines: string[] = [];

    main(['--site', site.dir], (line) => lines.push(line));

    const listed = lines.findIndex((line) => line.includes('has uncommitted changes'));
    expect(listed).toBeGreaterThanOrEqual(0);
    expect(lines[listed + 1]).toBe('  ?? src/backend/notes.js');
    expect(lines.findIndex((line) => /^build-site: changed \d+ of \d+ files/.test(line))).toBeGreaterThan(listed);
  });
});

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSite } from './build-site';

/**
 * The site repo `npm start` and `npm run emulator` run: the one `--site` names (a Wix site repo, e.g. after
 * `npm run build -- --site <repo>`), or by default this project's standalone build, built now into a temp dir that is
 * removed when the process exits. Either way the emulator runs what ships (docs/decisions/0018).
 */
export function siteRepoRoot(site: string | undefined): { readonly root: string; readonly built: boolean } {
  if (site !== undefined) {
    const root = resolve(site);
    if (!existsSync(join(root, 'src'))) throw new Error(`--site: ${root} has no src/ folder; is it a Wix site repo?`);
    return { root, built: false };
  }
  const root = mkdtempSync(join(tmpdir(), 'velo-inbox-site-'));
  process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  buildSite({ root: join(__dirname, '..'), target: root, mode: 'standalone' });
  return { root, built: true };
}

import { afterAll } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSite } from '../../scripts/build-site';

let built: string | undefined;

/**
 * This project's standalone build (what `npm run build` writes to dist/site), built once per test file into a temp
 * dir and removed after it: end-to-end tests run what ships, not the TypeScript sources (ARCHITECTURE, "End-to-end
 * tests run what ships").
 */
export function builtSiteRepo(): string {
  if (built) return built;
  const dir = mkdtempSync(join(tmpdir(), 'velo-inbox-built-'));
  buildSite({ root: join(__dirname, '..', '..'), target: dir, mode: 'standalone' });
  built = dir;
  return dir;
}

afterAll(() => {
  if (built) rmSync(built, { recursive: true, force: true });
  built = undefined;
});

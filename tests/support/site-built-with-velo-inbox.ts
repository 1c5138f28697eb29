import { afterAll } from '@jest/globals';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSite } from '../../scripts/build-site';

const made: string[] = [];
const builtOnce = new Map<string, string>();

/**
 * A temp copy of a fixture site repo (tests/fixtures/site-repos/<name>) with velo-inbox built into it
 * (`npm run build -- --site`), exactly as the build leaves it: its commented jobs.config, its composed handlers.
 * Built once per test file; each caller gets its own copy to change.
 */
export function siteBuiltWithVeloInbox(fixture: string): string {
  const built = builtOnce.get(fixture) ?? buildFixture(fixture);
  builtOnce.set(fixture, built);
  const copy = mkdtempSync(join(tmpdir(), `${fixture}-`));
  made.push(copy);
  cpSync(built, copy, { recursive: true });
  return copy;
}

function buildFixture(fixture: string): string {
  const root = mkdtempSync(join(tmpdir(), `${fixture}-`));
  made.push(root);
  cpSync(join(__dirname, '..', 'fixtures', 'site-repos', fixture), root, { recursive: true });
  buildSite({ root: join(__dirname, '..', '..'), target: root, mode: 'site' });
  return root;
}

afterAll(() => {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
  builtOnce.clear();
});

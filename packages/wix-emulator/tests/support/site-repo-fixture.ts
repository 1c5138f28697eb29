import { afterAll } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const made: string[] = [];

/**
 * A small Wix site repo written into a temp dir from `files` (repo-relative path → text), with a wix.config.json and a
 * package.json listing `dependencies`. Removed after the test file.
 */
export function writeSiteRepo(files: Readonly<Record<string, string>>, dependencies: Readonly<Record<string, string>> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'site-repo-'));
  made.push(root);
  const all: Record<string, string> = {
    'wix.config.json': `${JSON.stringify({ siteId: '00000000-0000-4000-8000-000000000001', uiVersion: '6' })}\n`,
    'package.json': `${JSON.stringify({ name: 'a-wix-site', private: true, dependencies }, null, 2)}\n`,
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

afterAll(() => {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
});

import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';

const backend = resolve(__dirname, '../../src/backend');

/** Every module specifier a source file imports or re-exports (type-only imports included: they vanish, but are cheap to keep out too). */
function importsOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
}

/** The project files reachable from `entry`, and every package or module name they import. */
function moduleGraph(entry: string): { files: Set<string>; external: Set<string> } {
  const files = new Set<string>();
  const external = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const specifier of importsOf(file)) {
      if (!specifier.startsWith('.')) {
        external.add(specifier);
        continue;
      }
      // A site's own settings file (inbox.config.js) is JavaScript; everything else is TypeScript.
      const target = ['.ts', '.js'].map((ext) => join(dirname(file), `${specifier}${ext}`)).find((candidate) => existsSync(candidate));
      if (!target) throw new Error(`${file} imports ${specifier}, which is no .ts or .js file`);
      visit(target);
    }
  };
  visit(entry);
  return { files, external };
}

describe('the headless entry', () => {
  it('loads outside Wix: nothing it reaches imports a Velo module (wix-crm-backend, wix-data, …)', () => {
    const { external } = moduleGraph(join(backend, 'wix-sdk/headless.ts'));
    expect([...external].filter((name) => !name.startsWith('@wix/') && name !== 'zod')).toEqual([]);
    expect([...external].filter((name) => name.startsWith('@wix/')).sort()).toEqual(['@wix/crm', '@wix/data', '@wix/inbox', '@wix/members', '@wix/sdk']);
  });

  it('and neither does the SDK family for site code, beyond @wix/essentials for elevation and the token', () => {
    const { external } = moduleGraph(join(backend, 'wix-sdk/site-family.ts'));
    expect([...external].filter((name) => /^wix-/.test(name))).toEqual([]);
    expect(external.has('@wix/essentials')).toBe(true);
  });
});

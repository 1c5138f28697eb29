import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildSite, type BuildRequest } from '../../scripts/build-site';
import type { BuildPlan } from '../../scripts/build/plan-build';
import { BuildStop } from '../../scripts/build/plan';

const repoRoot = join(__dirname, '..', '..');

/** A throwaway clone of a Wix site repo in a temporary folder, with the helpers a build test needs. */
export interface SiteRepo {
  readonly dir: string;
  build(extra?: Partial<Pick<BuildRequest, 'legacyJsw' | 'dryRun'>>): BuildPlan;
  /** The BuildStop the build ends with (a test failure when it does not stop). */
  stop(extra?: Partial<Pick<BuildRequest, 'legacyJsw' | 'dryRun'>>): BuildStop;
  read(rel: string): string;
  write(rel: string, text: string): void;
  /** Every file of the repo (but .git) and its bytes. */
  snapshot(): Map<string, string>;
  git(...args: string[]): string;
  remove(): void;
}

/** Copies `fixture` (a folder) or writes `files` into a fresh folder, committed to a new git repository. */
export function siteRepo(from: string | Record<string, string>): SiteRepo {
  const dir = join(mkdtempSync(join(tmpdir(), 'wix-site-')), 'my-site');
  if (typeof from === 'string') cpSync(from, dir, { recursive: true });
  else for (const [rel, text] of Object.entries(from)) writeAt(dir, rel, text);
  const git = (...args: string[]) => {
    const run = spawnSync('git', ['-c', 'user.name=Site Owner', '-c', 'user.email=owner@example.com', ...args], { cwd: dir, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
    return run.stdout;
  };
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'The site as Wix Git Integration made it');
  const build = (extra: Partial<Pick<BuildRequest, 'legacyJsw' | 'dryRun'>> = {}) => buildSite({ root: repoRoot, target: dir, mode: 'site', ...extra });
  return {
    dir,
    build,
    stop: (extra) => {
      try {
        build(extra);
      } catch (error) {
        if (error instanceof BuildStop) return error;
        throw error;
      }
      throw new Error('expected the build to stop');
    },
    read: (rel) => readFileSync(join(dir, rel), 'utf8'),
    write: (rel, text) => writeAt(dir, rel, text),
    snapshot: () => snapshot(dir),
    git,
    remove: () => rmSync(dirname(dir), { recursive: true, force: true }),
  };
}

function writeAt(dir: string, rel: string, text: string): void {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), text);
}

function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.set(path, readFileSync(join(dir, path), 'utf8'));
    }
  };
  walk('');
  return files;
}

/** A minimal Wix site repo: wix.config.json and package.json, plus the files given. */
export function minimalSite(files: Record<string, string> = {}): Record<string, string> {
  return {
    'wix.config.json': '{\n  "siteId": "0b7c3e1a-5d2f-4a6b-9c8d-1e2f3a4b5c6d",\n  "uiVersion": "7"\n}\n',
    'package.json': '{\n  "name": "a-wix-site",\n  "private": true,\n  "devDependencies": {\n    "@wix/cli": "^1.1.0"\n  }\n}\n',
    ...files,
  };
}

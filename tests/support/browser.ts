import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export { chromiumPath, launchChromium, skipBrowserTests } from 'wix-emulator/testing/browser';

/** Where screenshots go: `artifacts/<suite>/` at the project root (git-ignored; CI keeps it). */
export function artifactsDir(suite: string): string {
  const dir = join(__dirname, '..', '..', 'artifacts', suite);
  mkdirSync(dir, { recursive: true });
  return dir;
}

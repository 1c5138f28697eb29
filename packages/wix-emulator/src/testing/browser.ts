import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * The browser tests drive Debian's Chromium through Playwright (no browser download: `playwright-core` only).
 * CHROMIUM_PATH points elsewhere; SKIP_BROWSER_TESTS=1 skips them explicitly. A missing browser fails the run with
 * how to install it, rather than passing silently.
 */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const skipBrowserTests = process.env.SKIP_BROWSER_TESTS === '1';

export async function launchChromium(executablePath: string = chromiumPath): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error(
      `No Chromium at ${executablePath}: the browser tests need one. Install it (Debian/Ubuntu: sudo apt-get install -y chromium), ` +
        'or set CHROMIUM_PATH to a Chromium binary; SKIP_BROWSER_TESTS=1 skips these tests.',
    );
  }
  // Chromium refuses to run its sandbox as root (CI containers run as root).
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return chromium.launch({ executablePath, headless: true, args: asRoot ? ['--no-sandbox'] : [] });
}

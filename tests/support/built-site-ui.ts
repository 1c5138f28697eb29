import type { Browser } from 'playwright-core';
import { serveLocalUi, type LocalUi } from 'wix-emulator/ui';
import { createSiteFromRepo } from 'wix-emulator/site-repo';
import { launchChromium } from './browser';
import { builtSiteRepo } from './built-repo';
import { captureLogs } from './captured-logs';
import { onBuiltRepo } from '../../scripts/workbench/local-site-options';

/** Chromium and the local UI serving this project's build (what ships), loaded as Wix loads a site repo. */
export interface BuiltSiteUi {
  readonly browser: Browser;
  readonly ui: LocalUi;
}

/** Opens one browser and one server for a browser test file (its `beforeAll`). */
export async function openBuiltSiteUi(): Promise<BuiltSiteUi> {
  captureLogs();
  const browser = await launchChromium();
  try {
    const { site, repo, notCalled } = createSiteFromRepo(builtSiteRepo());
    return { browser, ui: await serveLocalUi({ ...onBuiltRepo(site, repo), notCalled, port: 0 }) };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** Closes what `openBuiltSiteUi` opened (its `afterAll`); nothing when it failed (it closed its own browser then). */
export async function closeBuiltSiteUi(opened: BuiltSiteUi | undefined): Promise<void> {
  await opened?.browser.close();
  await opened?.ui.close();
}

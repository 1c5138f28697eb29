import type { BrowserContext, Locator, Page } from 'playwright-core';

/** The local UI's views, by the names its navigation shows. */
export type ViewName = 'Site' | 'Inbox' | 'Backend' | 'Journal' | 'Data';

/** Follows the view switcher's link (the header's navigation landmark). */
export async function openView(page: Page, name: ViewName): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name, exact: true }).click();
  await page.waitForURL((url) => url.pathname === (name === 'Site' ? '/_ui' : `/_ui/${name.toLowerCase()}`));
}

/** Clicks a button that posts a form, waits for the page it lands on, and returns that page's notice. */
export async function act(page: Page, button: Locator): Promise<string> {
  const landed = page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame());
  await button.click();
  await landed;
  await page.waitForLoadState('load');
  return (await page.locator('#notice').innerText()).trim();
}

/** Switches the browser's identity with the header's switch. */
export async function switchTo(page: Page, as: string): Promise<string> {
  await page.getByLabel('You are').selectOption(as);
  return act(page, page.getByRole('button', { name: 'Switch', exact: true }));
}

/**
 * Collects what must not happen on a page of the local UI: a request leaving the machine, a console error (a CSP
 * violation is one), an uncaught error, a dialog. The test expects the list empty at its end.
 */
export function watchProblems(context: BrowserContext, page: Page, origin: string, problems: string[]): void {
  context.on('request', (request) => {
    if (!request.url().startsWith(`${origin}/`)) problems.push(`request to ${request.url()}`);
  });
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // A refused form answers 4xx with its view re-rendered (the error in place): Chromium logs the status, not a fault.
    const refusedForm = /the server responded with a status of 4\d\d/.test(message.text()) && !/\/_ui\/(assets|version)/.test(message.location().url);
    if (!refusedForm) problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
}

import { loadPage } from 'wix-emulator/pages';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { startSiteWithCode } from '../support/site-with-code';
import { SITE_SOURCES } from '../../scripts/workbench/site-sources';

/** The runtime loads the site's real page modules (src/pages), the master page and a page together, as Wix does. */
let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
});

const contactElements = {
  '#contactForm': { type: 'WixForms', formName: 'Contact us' },
  '#contactFormV2': { type: 'WixFormsV2', formName: 'Contact us' },
  '#formStatus': { type: 'Text', hidden: true },
} as const;

async function openContactPage(caller = callers.visitor('v-site-1')) {
  const master = await loadPage(site, { root: SITE_SOURCES, modulePath: 'src/pages/masterPage.ts', caller });
  const contact = await loadPage(site, { root: SITE_SOURCES, modulePath: 'src/pages/Contact.bx7e2.ts', caller, elements: contactElements });
  return { master, contact };
}

describe('the site pages in the page runtime', () => {
  it('loads src/pages/masterPage.ts and src/pages/Contact.bx7e2.ts side by side', async () => {
    const { master, contact } = await openContactPage();

    expect(master.name).toBe('src/pages/masterPage.ts');
    expect(contact.element('#formStatus')).toMatchObject({ hidden: true, text: '' });
  });

  it('acknowledges an old-forms submission through the inbox web method, as the visitor', async () => {
    const { contact } = await openContactPage();

    const outcome = await contact.fireSubmit('#contactForm', { email: 'ann@example.com', name: 'Ann' });
    await contact.settled();

    expect(outcome.status).toBe('submitted');
    expect(contact.element('#formStatus')).toMatchObject({ hidden: false, text: expect.stringMatching(/^Thanks!/) });
    expect(site.journal.entries('webMethod.sendToParticipant')).toEqual([
      expect.objectContaining({ caller: callers.visitor('v-site-1'), elevated: false }),
    ]);
  });

  it('acknowledges a new-forms submission the same way', async () => {
    const { contact } = await openContactPage();

    await contact.fireSubmit('#contactFormV2', { email: 'bob@example.com', first_name: 'Bob' });
    await contact.settled();

    expect(contact.element('#formStatus').text).toMatch(/^Thanks!/);
    expect(site.journal.count('webMethod.sendToParticipant')).toBe(1);
  });
});

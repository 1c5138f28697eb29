import type { FormField, PageLayout } from 'wix-emulator/ui';

const CONTACT_FIELDS: readonly FormField[] = [
  { name: 'first_name', label: 'First name', input: 'text' },
  { name: 'email', label: 'Email', input: 'email', required: true },
  { name: 'message', label: 'Message', input: 'textarea' },
];

/**
 * velo-inbox's contact page as the editor lays it out (src/pages/Contact.bx7e2.ts): both form generations and the
 * status text its helper writes to. The helper wires whichever form the page has, so a site's own contact page is
 * declared with the same elements. The build writes it into the site repo's wix-emulator.json (with the shipped
 * `.js` path); tests of the TypeScript sources open it as it is.
 */
export const CONTACT_PAGE: PageLayout = {
  title: 'Contact',
  modulePath: 'src/pages/Contact.bx7e2.ts',
  caption: 'The page code runs as you: a submission goes to Wix Forms, then the page calls the sendToParticipant web method.',
  elements: {
    '#contactFormV2': { type: 'WixFormsV2', formName: 'Contact us' },
    '#contactForm': { type: 'WixForms', formName: 'Contact us' },
    '#formStatus': { type: 'Text', hidden: true },
  },
  formFields: { '#contactFormV2': CONTACT_FIELDS, '#contactForm': CONTACT_FIELDS },
};

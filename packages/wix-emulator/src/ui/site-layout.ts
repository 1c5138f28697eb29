import type { ElementSpec } from '../pages/element-host';

/** A form field as the editor placed it on a Wix Forms element: what the local UI renders for the visitor to fill. */
export interface FormField {
  readonly name: string;
  readonly label: string;
  readonly input: 'text' | 'email' | 'textarea';
  readonly required?: boolean;
}

/**
 * One page of the site as the editor laid it out: the page code, its elements in the order they appear, and the fields
 * of its forms (page code never sees fields before a submission, so the layout says what the form asks for).
 */
export interface PageLayout {
  readonly title: string;
  readonly modulePath: string;
  readonly elements: Readonly<Record<string, ElementSpec>>;
  readonly formFields?: Readonly<Record<string, readonly FormField[]>>;
  /** Shown above the elements: what the page is. */
  readonly caption?: string;
}

const CONTACT_FIELDS: readonly FormField[] = [
  { name: 'first_name', label: 'First name', input: 'text' },
  { name: 'email', label: 'Email', input: 'email', required: true },
  { name: 'message', label: 'Message', input: 'textarea' },
];

/** This site's contact page (src/pages/Contact.bx7e2.ts) with both form generations, as `npm start` declares it. */
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

/** The master page (src/pages/masterPage.ts): no elements of its own here; its `onLogin` handler greets members. */
export const MASTER_PAGE_MODULE = 'src/pages/masterPage.ts';

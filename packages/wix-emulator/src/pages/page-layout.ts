import type { ElementSpec } from './element-host';

/** A form field as the editor placed it on a Wix Forms element: what the local UI renders for the visitor to fill. */
export interface FormField {
  readonly name: string;
  readonly label: string;
  readonly input: 'text' | 'email' | 'textarea';
  readonly required?: boolean;
}

/**
 * One page of the site as the editor laid it out: the page code, its elements in the order they appear, and the fields
 * of its forms (page code never sees fields before a submission, so the layout says what the form asks for). A site
 * repo holds none of this (Wix keeps it in the editor): it comes from the repo's `wix-emulator.json`
 * (site-repo/site-config.ts) or from the test or script that opens the page.
 */
export interface PageLayout {
  readonly title: string;
  /** The page's code: relative to the site's root (`src/pages/Contact.bx7e2.js`) or absolute. */
  readonly modulePath: string;
  readonly elements: Readonly<Record<string, ElementSpec>>;
  readonly formFields?: Readonly<Record<string, readonly FormField[]>>;
  /** Shown above the elements: what the page is. */
  readonly caption?: string;
}

/** Every Wix site has a master page (its code runs on every page); a site repo keeps it at this path. */
export const MASTER_PAGE_MODULE = 'src/pages/masterPage.js';

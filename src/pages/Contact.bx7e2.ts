// Contact page: acknowledge each contact-form submission in the visitor's Wix Inbox conversation (#contactForm or
// #contactFormV2) and show the outcome in #formStatus.
import { acknowledgeContactForms } from 'public/inbox/contact-form';

$w.onReady(() => acknowledgeContactForms('Contact us'));

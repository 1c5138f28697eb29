// Called from a contact page: after a successful form submission, acknowledge it in the visitor's Wix Inbox
// conversation with the `form-received` template, and tell the visitor what happened in `#formStatus`. Works with the
// old Wix Forms element (#contactForm) and the new Forms element (#contactFormV2); a page uses whichever it has.
import { sendToParticipant } from 'backend/inbox.web';
import { acknowledgementText, contactFromFields } from 'public/inbox/form-fields';

/**
 * Wires the page's contact forms; call it from the page's `$w.onReady`. `formName` fills the template's variable. A page
 * has either element or both: on Wix, `$w('#id')` for an ID the page does not have gives an empty selection whose
 * element methods do not exist (calling one throws), so each form is wired only when it is there.
 */
export function acknowledgeContactForms(formName = 'Contact us'): void {
  // Old Wix Forms: the fields are only available before submission; the success event carries none.
  const oldForm = $w('#contactForm');
  if (onPage(oldForm, 'onWixFormSubmit')) {
    let submitted: Record<string, unknown> = {};
    oldForm.onWixFormSubmit((event) => {
      submitted = Object.fromEntries(event.wixFormFields.map((field) => [field.fieldName, field.fieldValue]));
    });
    oldForm.onWixFormSubmitted(() => acknowledge(submitted, formName));
  }

  // New Forms: read the values once the submission has succeeded.
  const newForm = $w('#contactFormV2');
  if (onPage(newForm, 'onSubmitSuccess')) newForm.onSubmitSuccess(() => acknowledge(newForm.getFieldValues(), formName));
}

/** Whether `$w` found the element: a real element has its type's methods; an empty selection has none. */
function onPage(element: object, method: string): boolean {
  return typeof (element as Record<string, unknown>)[method] === 'function';
}

async function acknowledge(fields: Record<string, unknown>, formName: string): Promise<void> {
  const contact = contactFromFields(fields);
  if (!contact) {
    $w('#formStatus').text = 'Thanks! Add your email next time so we can reply.';
    return;
  }
  // The web method answers its errors as data; a call that never got an answer (the network, a timeout, a backend
  // that failed to load) rejects. The submission itself stands, so the visitor is told so, as for a failure of Wix.
  const result = await sendToParticipant(contact, {
    template: 'form-received',
    vars: { name: contact.name ?? '', formName },
  }).catch(() => ({ ok: false as const, error: { code: 'INBOX_UNAVAILABLE' } }));
  $w('#formStatus').text = acknowledgementText(result);
  $w('#formStatus').show();
}

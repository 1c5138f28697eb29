// Contact page. After a successful form submission, acknowledge it in the visitor's Wix Inbox conversation with the
// `form-received` template, and tell the visitor what happened. Works with the old Wix Forms element (#contactForm)
// and the new Forms element (#contactFormV2); a site uses whichever it has.
import { sendToParticipant } from 'backend/inbox.web';
import { acknowledgementText, contactFromFields } from 'public/form-fields';

const FORM_NAME = 'Contact us';

$w.onReady(() => {
  // Old Wix Forms: the fields are only available before submission; the success event carries none.
  let submitted: Record<string, unknown> = {};
  $w('#contactForm').onWixFormSubmit((event) => {
    submitted = Object.fromEntries(event.wixFormFields.map((field) => [field.fieldName, field.fieldValue]));
  });
  $w('#contactForm').onWixFormSubmitted(() => acknowledge(submitted));

  // New Forms: read the values once the submission has succeeded.
  $w('#contactFormV2').onSubmitSuccess(() => acknowledge($w('#contactFormV2').getFieldValues()));
});

async function acknowledge(fields: Record<string, unknown>): Promise<void> {
  const contact = contactFromFields(fields);
  if (!contact) {
    $w('#formStatus').text = 'Thanks! Add your email next time so we can reply.';
    return;
  }
  const result = await sendToParticipant(contact, {
    template: 'form-received',
    vars: { name: contact.name ?? '', formName: FORM_NAME },
  });
  $w('#formStatus').text = acknowledgementText(result);
  $w('#formStatus').show();
}

// Element types of the Contact page, as `wix sync-types` would generate them for this site. One interface per page
// merges into corvid-types' global map, so `$w('#contactForm')` is typed.
interface PageElementsMap {
  '#contactForm': $w.WixForms;
  '#contactFormV2': $w.WixFormsV2;
  '#formStatus': $w.Text;
}

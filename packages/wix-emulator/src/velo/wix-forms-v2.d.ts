/**
 * `$w.WixFormsV2`, the new Wix Forms element (corvid-types 0.4.16 declares only the old `$w.WixForms`). Written from
 * the Velo reference (wix-incubator/wix-code-docs, editor-elements/$w/WixFormsV2.service.json): the form API only —
 * the multi-step methods (getStepCount, navigateToStep, …) are left out until a page needs them. Use it in the
 * site's `PageElementsMap`: `'#contactFormV2': $w.WixFormsV2`.
 */
declare namespace $w {
  interface WixFormsV2 extends Element, HiddenCollapsedMixin {
    /** The current field values, keyed by field name. */
    getFieldValues(): WixFormsV2.FormValues;
    /** Sets field values; fires `onFieldValueChange`. */
    setFieldValues(values: WixFormsV2.FormValues): void;
    onFieldValueChange(callback: WixFormsV2.OnFieldValueChangeCallback): void;
    /** Runs when a submission starts, before the form is sent to the server. */
    onSubmit(callback: WixFormsV2.OnSubmitCallback): void;
    /** Runs when the server received the submission (the form's field values are reset afterwards). */
    onSubmitSuccess(callback: WixFormsV2.OnSubmitSuccessCallback): void;
    /** Runs when the submission could not be sent or was refused. */
    onSubmitFailure(callback: WixFormsV2.OnSubmitFailureCallback): void;
    /** Validates, runs `onSubmit`, sends; resolves with the submitted values, rejects with the submission error. */
    submit(): Promise<WixFormsV2.FormValues>;
  }

  namespace WixFormsV2 {
    /** Field name → submitted value. */
    type FormValues = Record<string, unknown>;
    type OnFieldValueChangeCallback = (newValues: FormValues) => void;
    type OnSubmitCallback = (values: FormValues) => void;
    type OnSubmitSuccessCallback = () => void;
    type OnSubmitFailureCallback = (error: SubmissionError) => void;
    /**
     * The docs name the codes but not the object's shape (their example logs `SUBMISSION_ERROR.VALIDATION_FAILED`),
     * so both members are optional: read them defensively.
     */
    interface SubmissionError {
      readonly code?: 'INVALID_CAPTCHA' | 'VALIDATION_FAILED' | 'SERVER_UNAVAILABLE' | 'UNKNOWN_ERROR';
      readonly message?: string;
    }
  }
}

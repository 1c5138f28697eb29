/** Inbox `MessageContent` limits (Velo wix-inbox.v2 Messages reference). Checked before Wix is called. */
export const MESSAGE_LIMITS = {
  previewText: 256,
  title: 256,
  basicItems: 100,
  text: 16_384,
  formTitle: 256,
  formFieldsMin: 1,
  formFieldsMax: 15,
  formFieldValue: 8_192,
  templateTextLines: 10,
  templateTextLine: 512,
  templateButtons: 10,
} as const;

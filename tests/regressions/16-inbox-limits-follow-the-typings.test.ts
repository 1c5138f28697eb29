import { INBOX_CONTENT_LIMITS as PRODUCT_LIMITS, TEMPLATE_TEXT_LINE_MAX as PRODUCT_LINE_MAX } from '../../src/backend/inbox/message-limits';
import { validateContent } from '../../src/backend/inbox/message';
import { INBOX_CONTENT_LIMITS as EMULATOR_LIMITS, TEMPLATE_TEXT_LINE_MAX as EMULATOR_LINE_MAX } from 'wix-emulator';
import { annotatedLimits, CONTENT_INTERFACES, fieldDescription, installedMessagesTypings } from '../support/inbox-typings';

/**
 * Inbox content limits come from one table taken from the official `@wix/inbox` typings; the site's validation and
 * the emulator hold the same table, and both are checked against the typings installed now.
 */
const typings = installedMessagesTypings().text;

describe('the inbox content limits are the installed @wix/inbox typings', () => {
  it('the typings annotate the limits the table lists, no more and no fewer', () => {
    expect(annotatedLimits(typings, CONTENT_INTERFACES)).toEqual(PRODUCT_LIMITS);
  });

  it("the emulator's table is the product's table", () => {
    expect(EMULATOR_LIMITS).toEqual(PRODUCT_LIMITS);
    expect(EMULATOR_LINE_MAX).toBe(PRODUCT_LINE_MAX);
  });

  it('the 512 characters of a template text line are stated in the typings, in words', () => {
    expect(fieldDescription(typings, 'TemplateMessagePayload', 'textLines')).toContain(`up to ${PRODUCT_LINE_MAX} characters per line`);
  });

  it('the reader notices a changed limit', () => {
    const changed = typings.replace('@minLength 1\n     * @maxLength 16384\n     */\n    label', '@minLength 1\n     * @maxLength 80\n     */\n    label');
    expect(changed).not.toBe(typings);
    expect(annotatedLimits(changed, CONTENT_INTERFACES)['Button.label']).toEqual({ minLength: 1, maxLength: 80 });
  });
});

describe("the site's validation enforces the typings' limits", () => {
  const chars = (n: number) => 'x'.repeat(n);
  const button = (label: string) => ({ template: { buttons: [{ label, launchUrl: 'https://example.com/' }] } });
  const file = (extra: Record<string, string>) => ({ basic: { items: [{ file: { url: 'https://static.wixstatic.com/a.pdf', ...extra } }] } });
  const formWith = (fields: unknown, description?: string) => ({ form: { title: 'Form', fields, ...(description === undefined ? {} : { description }) } });

  it.each([
    ['a button label of 16,384 characters', button(chars(16_384))],
    ['a form field name of 8,192 characters', formWith([{ name: chars(8_192), value: 'v' }])],
    ['an empty form field name', formWith([{ name: '', value: 'v' }])],
    ['a form description of 16,384 characters', formWith([{ name: 'n', value: 'v' }], chars(16_384))],
    ['a filename of 255 characters and a mimeType of 100', file({ filename: chars(255), mimeType: chars(100) })],
    ['101 basic items (no maximum is annotated)', { basic: { items: Array.from({ length: 101 }, () => ({ text: 'a' })) } }],
    ['a content title of 1,000 characters (no maximum is annotated)', { title: chars(1_000), basic: { items: [{ text: 'a' }] } }],
  ])('accepts %s', (_, content) => {
    expect(() => validateContent(content)).not.toThrow();
  });

  it.each([
    ['an empty button label', button(''), 'message.template.buttons[0].label'],
    ['a button label of 16,385 characters', button(chars(16_385)), 'message.template.buttons[0].label'],
    ['a form field name of 8,193 characters', formWith([{ name: chars(8_193), value: 'v' }]), 'message.form.fields[0].name'],
    ['an empty form description', formWith([{ name: 'n', value: 'v' }], ''), 'message.form.description'],
    ['a filename of 256 characters', file({ filename: chars(256) }), 'message.basic.items[0].file.filename'],
    ['a mimeType of 101 characters', file({ mimeType: chars(101) }), 'message.basic.items[0].file.mimeType'],
    ['a file URL of 2,001 characters', { basic: { items: [{ file: { url: `https://a.com/${chars(1_987)}` } }] } }, 'message.basic.items[0].file.url'],
    ['no basic items', { basic: { items: [] } }, 'message.basic.items'],
  ])('refuses %s, naming the field', (_, content, field) => {
    expect(() => validateContent(content)).toThrow(expect.objectContaining({ code: 'MESSAGE_INVALID', field }));
  });
});

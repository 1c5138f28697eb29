/**
 * The plain-words rule for anything a participant typed that the site's own messages repeat (a name, a form's name):
 * words a person is called by, nothing a reader could follow or copy as a link, a domain or an address.
 *
 * It allows rather than denies: after NFKC normalisation (so full-width letters, ligatures and compatibility dots
 * become what they look like) and whitespace folding, a value may hold only letters of any script, combining marks on
 * them, spaces, apostrophes and hyphens, up to `MAX_PLAIN_WORDS_LENGTH` characters. Everything else — dots of every
 * kind, digits, `@`, `/`, `:`, brackets, emoji — fails, so no list of bad patterns can miss a new one.
 */
export const MAX_PLAIN_WORDS_LENGTH = 80;

/**
 * Letters, except those that read as punctuation or as nothing: modifier letters (`\p{Lm}` holds dot and colon
 * look-alikes such as Lisu U+A4F8 "ꓸ"; the two names really use, ʻokina and ʼ, are apostrophes), the Hangul araea
 * letters and the sinological and Canadian-syllabics dots (dots), the Tamil aytham (three dots), the click letters
 * ǀ ǁ ǂ ǃ (a bar, a double bar, "≠", "!"), and the Hangul fillers, which are invisible.
 */
const LETTER = String.raw`(?:(?![\p{Lm}\u318D\u119E\u11A2\uA78F\u1427\u0B83\u01C0-\u01C3\u115F\u1160\u3164\uFFA0])\p{L})`;
/**
 * Combining marks, except enclosing ones (a circle or box around the letter), the invisible ones (the combining
 * grapheme joiner, variation selectors, Mongolian free variation selectors) and the visargas that read as a colon.
 */
const MARK = String.raw`(?:(?![\p{Me}\u034F\uFE00-\uFE0F\u{E0100}-\u{E01EF}\u180B-\u180D\u180F\u0903\u0983\u0A03\u0A83\u0B03\u0C03\u0C83\u0D03\u0D83\u0F7F\u1038\u17C7])\p{M})`;
const APOSTROPHE = String.raw`['\u2019\u02BC\u02BB]`;
const HYPHEN = String.raw`[-\u2010]`;
/** A letter with at most three combining marks: enough for Vietnamese or Devanagari, not for stacks that hide things. */
const GRAPHEME = String.raw`(?:${LETTER}${MARK}{0,3})`;
/** Words of letters, joined by single apostrophes or hyphens, separated by single spaces (ʻIolani, Jones' too). */
const PLAIN_WORDS = new RegExp(String.raw`^${APOSTROPHE}?${GRAPHEME}+(?:(?: |${APOSTROPHE}|${HYPHEN}|${APOSTROPHE} | ${APOSTROPHE})${GRAPHEME}+)*${APOSTROPHE}?$`, 'u');

/** The value as plain words (normalised, whitespace folded), or undefined when it is not plain words. */
export function asPlainWords(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.normalize('NFKC').replace(/\s+/gu, ' ').trim();
  if (text.length === 0 || [...text].length > MAX_PLAIN_WORDS_LENGTH) return undefined;
  return PLAIN_WORDS.test(text) ? text : undefined;
}

import { PUNCTUATION_LOOK_ALIKES } from './punctuation-look-alikes';

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
 * Letters, except those that read as punctuation or as nothing: letters whose Unicode confusables skeleton is ASCII
 * punctuation (UTS #39: `丿` is `/`, `ꓸ` is `.`, the visargas are `:`; the table and its supplement are in
 * scripts/look-alikes/), modifier letters (`\p{Lm}`: spacing accents and tone letters, read as punctuation; the
 * apostrophes names really use, ʻokina and ʼ, are allowed as apostrophes) and default-ignorable letters, which are
 * invisible (the Hangul fillers).
 */
const LETTER = String.raw`(?:(?![\p{Lm}\p{Default_Ignorable_Code_Point}${PUNCTUATION_LOOK_ALIKES}])\p{L})`;
/**
 * Combining marks, except enclosing ones (a circle or box around the letter), the invisible ones (default ignorable:
 * the combining grapheme joiner, variation selectors) and those that read as punctuation (a visarga reads as a colon).
 */
const MARK = String.raw`(?:(?![\p{Me}\p{Default_Ignorable_Code_Point}${PUNCTUATION_LOOK_ALIKES}])\p{M})`;
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

import { describe, expect, it } from '@jest/globals';
import { asPlainWords } from '../../src/backend/inbox/plain-words';

// Letters and marks by Unicode category that read as punctuation or as nothing at all: each passed the plain-words
// rule, so a participant-typed name could put "evilꞏcom" or an invisible name in the business's own words.
describe('the plain-words rule refuses letters and marks that read as punctuation or as nothing', () => {
  it.each([
    ['a Hangul filler (invisible letter) after a name', 'Ada\u3164'],
    ['a name made only of Hangul fillers', '\u3164\u3164'],
    ['the half-width Hangul filler', '\uFFA0'],
    ['the Hangul choseong filler', 'Ada\u115F'],
    ['the Hangul jungseong filler', '\u1160'],
    ['the sinological dot (a middle-dot letter, U+A78F)', 'evil\uA78Fcom'],
    ['the Canadian syllabics middle dot (U+1427)', 'evil\u1427com'],
    ['the Tamil aytham (three dots, U+0B83)', 'evil\u0B83com'],
    ['a click letter that reads as a bar (U+01C0)', 'evil\u01C0com'],
    ['a click letter that reads as "!" (U+01C3)', 'Hi\u01C3'],
    ['a visarga that reads as a colon (U+0903)', 'https\u0903'],
    ['the Tibetan rnam bcad that reads as a colon (U+0F7F)', 'http\u0F7F'],
    ['an enclosing mark (U+20DD)', 'a\u20DD'],
    ['the invisible combining grapheme joiner (U+034F)', 'evil\u034Fcom'],
    ['a variation selector (U+FE0F)', 'Ada\uFE0F'],
    ['a Mongolian free variation selector (U+180B)', 'Ada\u180B'],
  ])('refuses %s', (_what, value) => {
    expect(asPlainWords(value)).toBeUndefined();
  });

  it.each(["O'Brien", 'Jean-Luc', 'Zoë', '山田', 'Nguyễn', 'Ana María', '김민준', 'தமிழ்செல்வி', 'देवनागरी', 'Ōkalani'])('still keeps a real name: %p', (name) => {
    expect(asPlainWords(name)).toBe(name.normalize('NFKC'));
  });
});

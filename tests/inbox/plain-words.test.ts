import { describe, expect, it } from '@jest/globals';
import { asPlainWords, MAX_PLAIN_WORDS_LENGTH } from 'backend/inbox/plain-words';

describe('asPlainWords', () => {
  it.each([
    "O'Brien", 'Jean-Luc', 'Zoë', '山田', 'Nguyễn', 'Ana María', 'Владимир', 'محمد', 'देवनागरी', 'ʻIolani', "Jones'", 'Mary-Ann O’Neil',
  ])('keeps the name %p', (name) => {
    expect(asPlainWords(name)).toBe(name.normalize('NFKC'));
  });

  it('normalises before it judges: full-width letters, decomposed accents and odd spaces become what they look like', () => {
    expect(asPlainWords('Ｊｏｈｎ')).toBe('John');
    expect(asPlainWords('Zoe\u0308')).toBe('Zoë');
    expect(asPlainWords('  Ana\u00a0\tMaría ')).toBe('Ana María');
  });

  it.each([
    ['emoji domains', 'i❤.ws'],
    ['emoji before a dot', 'evil🎉.com'],
    ['decomposed accents before a dot', 'cafe\u0301.com'],
    ['a Lisu look-alike dot', 'evil\uA4F8com'],
    ['a Hangul araea dot', 'evil\u318Dcom'],
    ['a full-width dot', 'evil\uFF0Ecom'],
    ['a one-dot leader', 'evil\u2024com'],
    ['punctuation before the dot', "evil'.com"],
    ['a bracket before the dot', 'evil).com'],
    ['a space after the dot', 'bit. ly'],
    ['a link', 'https://x.example'],
    ['an address', 'a@b.c'],
    ['digits', 'Room 101'],
    ['a lone apostrophe run', "O''Brien"],
    ['a hyphen with no word after it', 'Anne-'],
    ['zero-width characters', 'ev\u200Bil'],
    ['stacked combining marks', `a${'\u0301'.repeat(5)}`],
    ['nothing at all', '   '],
    ['a number', 42],
    ['no value', undefined],
  ])('refuses %s', (_what, value) => {
    expect(asPlainWords(value)).toBeUndefined();
  });

  it(`caps the length at ${MAX_PLAIN_WORDS_LENGTH} characters`, () => {
    expect(asPlainWords('a'.repeat(MAX_PLAIN_WORDS_LENGTH))).toBe('a'.repeat(MAX_PLAIN_WORDS_LENGTH));
    expect(asPlainWords('a'.repeat(MAX_PLAIN_WORDS_LENGTH + 1))).toBeUndefined();
  });
});

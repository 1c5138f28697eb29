import { describe, expect, it } from '@jest/globals';
import { asPlainWords } from '../../src/backend/inbox/plain-words';
import { confusablesTable, readsAsPunctuation } from '../../scripts/look-alikes/derive';

// Letters that read as a dot or a slash passed the plain-words rule, which enumerated look-alikes one report at a time:
// "evilᣟcom" in a welcome message reads as a domain. The rule now refuses whatever Unicode's confusables data (UTS #39
// skeletons) reads as ASCII punctuation, and every code point is checked against that.
describe('the plain-words rule refuses every letter Unicode reads as punctuation', () => {
  it.each([
    ['a Canadian syllabics final raised dot (U+18DF)', 'evil\u18DFcom'],
    ['an Arabic baseline round dot (U+0887)', 'evil\u0887com'],
    ['a Duployan dot letter (U+1BC84)', 'evil\u{1BC84}com'],
    ['another Duployan dot letter (U+1BC94)', 'evil\u{1BC94}com'],
    ['a Canadian syllabics final acute, a slash (U+141F)', 'evil\u141Fcom'],
    ['the CJK dot stroke 丶, a backslash', 'evil丶com'],
    ['the CJK slash stroke 丿', 'evil丿com'],
    ['a Lisu letter that reads as a comma (U+A4F9)', 'evil\uA4F9com'],
    ['a glottal stop that reads as a question mark (U+0294)', 'what\u0294'],
  ])('refuses %s', (_what, value) => {
    expect(asPlainWords(value)).toBeUndefined();
  });

  it('no code point from 0 to 0x10FFFF passes inside a name when its confusables skeleton reads as punctuation', () => {
    const table = confusablesTable();
    const passing: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp += 1) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCodePoint(cp);
      const text = `Ada${c}Lovelace`;
      const words = asPlainWords(text);
      if (words === undefined) continue;
      // What passes is judged as it will be shown: normalised (NFKC) first, each remaining character on its own.
      const wrong = [...new Set(words)].filter((w) => !/[\p{L}\p{M} '’ʼʻ\-‐]/u.test(w) || (!/[A-Za-z]/.test(w) && readsAsPunctuation(w, table)));
      if (wrong.length > 0) passing.push(`U+${cp.toString(16).toUpperCase()}`);
    }
    expect(passing).toEqual([]);
  });

  it.each(['Зоя', 'Guðrún', 'Ɓello', 'くまだ', 'O’Neil', 'Jean-Luc', '山田', 'Nguyễn', 'محمد', 'ʻIolani'])('still keeps the name %p', (name) => {
    expect(asPlainWords(name)).toBe(name.normalize('NFKC'));
  });
});

/**
 * Which letters and combining marks read as ASCII punctuation, decided from Unicode's confusables data (UTS #39):
 * a character is refused when its skeleton — NFD, each character mapped to its prototype, NFD again — holds an ASCII
 * punctuation character other than the apostrophe and the hyphen (plain words allow both between words), or is
 * nothing but middle dots (the prototype the table gives raised dots; a domain's dot read aloud).
 *
 * The table is the `confusables.txt` mapping shipped by the npm package `unhomoglyph` (Unicode 13.0.0: the newest
 * real table on the npm registry). `SUPPLEMENT` adds, in the same "source ; prototype" shape, look-alikes reported
 * against this project that the table does not map to punctuation (yet): each is applied before the table and again
 * to the table's prototypes. `tests/inbox/look-alikes-table.test.ts` fails when an entry becomes redundant (a newer
 * table maps it the same way), so the supplement only shrinks.
 */
import { createRequire } from 'node:module';

const require = createRequire(__filename);

/** The confusables table: one code point → its prototype (one or more code points). */
export type ConfusablesTable = Readonly<Record<string, string>>;

export const TABLE_PACKAGE = 'unhomoglyph';
/** The Unicode version of the table `unhomoglyph` ships (its changelog: "Update mapping data to version 13.0.0"). */
export const TABLE_UNICODE_VERSION = '13.0.0';

export function confusablesTable(): ConfusablesTable {
  return require(`${TABLE_PACKAGE}/data.json`) as ConfusablesTable;
}

/** Look-alikes missing from the table, each with why. Prototypes use the table's own (`·` for every raised dot). */
export const SUPPLEMENT: readonly { readonly source: number; readonly prototype: string; readonly why: string }[] = [
  { source: 0x18df, prototype: '\u00B7', why: 'CANADIAN SYLLABICS FINAL RAISED DOT: a raised dot' },
  { source: 0x141f, prototype: '/', why: 'CANADIAN SYLLABICS FINAL ACUTE: a slash' },
  { source: 0x0887, prototype: '.', why: 'ARABIC BASELINE ROUND DOT (Unicode 14, newer than the table): a full stop' },
  { source: 0x1bc84, prototype: '.', why: 'a Duployan letter drawn as a dot on the baseline' },
  { source: 0x1bc94, prototype: '.', why: 'a Duployan letter drawn as a dot' },
  { source: 0x119e, prototype: '\u00B7', why: 'HANGUL JUNGSEONG ARAEA: a middle dot' },
  { source: 0x0b83, prototype: '.', why: 'TAMIL SIGN VISARGA (aytham): three dots' },
  { source: 0x01c0, prototype: '|', why: 'LATIN LETTER DENTAL CLICK: a vertical bar' },
  { source: 0x01c1, prototype: '||', why: 'LATIN LETTER LATERAL CLICK: a double bar' },
  { source: 0x01c2, prototype: '|', why: 'LATIN LETTER ALVEOLAR CLICK: a bar crossed twice' },
  { source: 0x0983, prototype: ':', why: 'BENGALI SIGN VISARGA, the prototype of most visargas: a colon' },
  { source: 0x0b03, prototype: ':', why: 'ORIYA SIGN VISARGA: a colon' },
  { source: 0x0f7f, prototype: ':', why: 'TIBETAN SIGN RNAM BCAD: a colon' },
  { source: 0x17c7, prototype: ':', why: 'KHMER SIGN REAHMUK: a colon' },
];

/** ASCII punctuation and symbols a link or an address is made of; not the apostrophe and hyphen names use. */
const ASCII_PUNCTUATION = /[!"#$%&()*+,./:;<=>?@[\\\]^_`{|}~]/u;
const MIDDLE_DOTS = /^\u00B7+$/u;

type Supplement = typeof SUPPLEMENT;

const supplements = new WeakMap<Supplement, ReadonlyMap<string, string>>();

export function skeleton(text: string, table: ConfusablesTable, entries: Supplement = SUPPLEMENT): string {
  let supplement = supplements.get(entries);
  if (!supplement) {
    supplement = new Map(entries.map((s) => [String.fromCodePoint(s.source), s.prototype]));
    supplements.set(entries, supplement);
  }
  const once = [...text.normalize('NFD')].map((c) => supplement.get(c) ?? table[c] ?? c).join('');
  return [...once.normalize('NFD')].map((c) => supplement.get(c) ?? c).join('').normalize('NFD');
}

export function readsAsPunctuation(character: string, table: ConfusablesTable, entries: Supplement = SUPPLEMENT): boolean {
  const s = skeleton(character, table, entries);
  return ASCII_PUNCTUATION.test(s) || MIDDLE_DOTS.test(s);
}

/** Letters and marks (of this JavaScript engine's Unicode) that read as punctuation, as sorted code point ranges. */
export function punctuationLookAlikes(table: ConfusablesTable = confusablesTable()): [number, number][] {
  const ranges: [number, number][] = [];
  for (let cp = 0; cp <= 0x10ffff; cp += 1) {
    const c = String.fromCodePoint(cp);
    if (!/[\p{L}\p{M}]/u.test(c) || !readsAsPunctuation(c, table)) continue;
    const last = ranges.at(-1);
    if (last && last[1] === cp - 1) last[1] = cp;
    else ranges.push([cp, cp]);
  }
  return ranges;
}

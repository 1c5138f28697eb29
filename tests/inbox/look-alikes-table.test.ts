import { describe, expect, it } from '@jest/globals';
import { confusablesTable, readsAsPunctuation, SUPPLEMENT } from '../../scripts/look-alikes/derive';
import { lookAlikesModule, TARGET } from '../../scripts/look-alikes/write';
import { readFileSync } from 'node:fs';

describe("the plain-words rule's look-alikes", () => {
  it('are what the confusables table and its supplement say (run scripts/look-alikes/write.ts after changing either)', () => {
    expect(readFileSync(TARGET, 'utf8')).toBe(lookAlikesModule());
  });

  it('supplement only what the table does not already read as punctuation', () => {
    const table = confusablesTable();
    const redundant = SUPPLEMENT.filter((entry) => {
      const c = String.fromCodePoint(entry.source);
      const others = SUPPLEMENT.filter((s) => s !== entry);
      return readsAsPunctuation(c, table, others);
    }).map((s) => `U+${s.source.toString(16).toUpperCase()}`);
    expect(redundant).toEqual([]);
  });
});

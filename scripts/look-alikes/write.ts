/**
 * `npx tsx scripts/look-alikes/write.ts`: writes src/backend/inbox/punctuation-look-alikes.ts from the confusables
 * table (derive.ts). Run it after updating the table's package or the supplement; the look-alikes test fails until then.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { punctuationLookAlikes, TABLE_PACKAGE, TABLE_UNICODE_VERSION } from './derive';

export const TARGET = join(__dirname, '..', '..', 'src', 'backend', 'inbox', 'punctuation-look-alikes.ts');

export function lookAlikesModule(): string {
  const hex = (cp: number) => `\\u{${cp.toString(16).toUpperCase()}}`;
  const ranges = punctuationLookAlikes().map(([from, to]) => (from === to ? hex(from) : `${hex(from)}-${hex(to)}`));
  const lines: string[] = [];
  for (let i = 0; i < ranges.length; i += 8) lines.push(`  '${ranges.slice(i, i + 8).join('')}'`);
  return `// Written by scripts/look-alikes/write.ts from the UTS #39 confusables table (npm ${TABLE_PACKAGE}, Unicode ${TABLE_UNICODE_VERSION})
// and its supplement (scripts/look-alikes/derive.ts). Do not edit: change those and run the script again.

/** Letters and combining marks whose confusables skeleton is ASCII punctuation (or only middle dots): a regex class body. */
export const PUNCTUATION_LOOK_ALIKES =
${lines.join(' +\n')};
`;
}

if (require.main === module) writeFileSync(TARGET, lookAlikesModule());

// Written by scripts/look-alikes/write.ts from the UTS #39 confusables table (npm unhomoglyph, Unicode 13.0.0)
// and its supplement (scripts/look-alikes/derive.ts). Do not edit: change those and run the script again.

/** Letters and combining marks whose confusables skeleton is ASCII punctuation (or only middle dots): a regex class body. */
export const PUNCTUATION_LOOK_ALIKES =
  '\u{1C0}-\u{1C3}\u{241}\u{294}\u{2C6}\u{2D0}\u{7FA}\u{887}\u{903}' +
  '\u{97D}\u{983}\u{A03}\u{A83}\u{B03}\u{B83}\u{C03}\u{C83}' +
  '\u{D03}\u{D83}\u{F7F}\u{1038}\u{119E}\u{11A2}\u{13AE}\u{141F}' +
  '\u{1427}\u{1433}\u{1437}-\u{1438}\u{1440}-\u{1441}\u{1444}-\u{1445}\u{150C}\u{16B2}\u{17C7}' +
  '\u{18DF}\u{2CB4}\u{2CC6}\u{2D48}\u{2D51}\u{3033}\u{30CE}\u{318D}' +
  '\u{4E36}\u{4E3F}\u{A4F8}-\u{A4FB}\u{A4FD}\u{A778}\u{A78F}\u{1029B}\u{1031F}' +
  '\u{114C1}\u{16F3F}\u{1BC84}\u{1BC94}\u{1D16D}';

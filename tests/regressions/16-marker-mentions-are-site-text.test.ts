import { BLOCK_BEGIN, BLOCK_END, locateBlock, withBlock } from '../../scripts/build/marked-block';

// Issue 16: the block was found by searching for the marker text anywhere, so a comment or a string of the site's that
// mentioned a marker was taken for the block (damaged markers, or the site's text replaced).

const SITE = [
  `// Our build tool writes between '// velo-inbox:begin' and '${BLOCK_END}' lines; never edit there.`,
  `const banner = '// velo-inbox:begin';`,
  `export function wixStores_onNewOrder(event) { return banner + ' ${BLOCK_END}'; }`,
  '',
].join('\n');

describe('block markers', () => {
  it("count only as whole lines: a comment or string of the site's that mentions them is the site's text", () => {
    expect(locateBlock(SITE, 'events.js')).toEqual({ rest: SITE, at: undefined, blankBefore: false });

    const built = withBlock(SITE, ['export function a() {}'], 'events.js');

    expect(built.startsWith(SITE)).toBe(true);
    expect(withBlock(built, ['export function a() {}'], 'events.js')).toBe(built);
    expect(withBlock(built, ['export function b() {}'], 'events.js')).toBe(`${SITE}\n${BLOCK_BEGIN}\nexport function b() {}\n${BLOCK_END}\n`);
  });

  it('are found in a CRLF file, and the block is written with CRLF line ends', () => {
    const crlf = SITE.replace(/\n/g, '\r\n');

    const built = withBlock(crlf, ['export function a() {}'], 'events.js');

    expect(built).toBe(`${crlf}\r\n${BLOCK_BEGIN}\r\nexport function a() {}\r\n${BLOCK_END}\r\n`);
    expect(withBlock(built, ['export function a() {}'], 'events.js')).toBe(built);
  });
});

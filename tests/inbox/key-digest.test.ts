import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { keyDigest } from '../../src/backend/inbox/key-digest';

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

describe('keyDigest is SHA-256 of the UTF-8 text', () => {
  it('matches the FIPS 180-4 examples', () => {
    expect(keyDigest('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(keyDigest('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(keyDigest('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('matches Node’s SHA-256 at every length around the block and padding edges, and for text beyond ASCII', () => {
    for (let length = 0; length <= 200; length += 1) {
      const text = 'ab\u00e9\u4e2d'.repeat(length).slice(0, length);
      expect(keyDigest(text)).toBe(sha256(text));
    }
    expect(keyDigest('🙂 ünïcødé')).toBe(sha256('🙂 ünïcødé'));
  });
});

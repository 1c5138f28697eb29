import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { keyDigest } from '../../src/backend/inbox/key-digest';

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

describe('keyDigest is SHA-256 of the UTF-8 text, as hex', () => {
  it('matches the FIPS 180-4 examples', async () => {
    expect(await keyDigest('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(await keyDigest('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('hashes text beyond ASCII as its UTF-8 bytes', async () => {
    expect(await keyDigest('🙂 ünïcødé')).toBe(sha256('🙂 ünïcødé'));
  });
});

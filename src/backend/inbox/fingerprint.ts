/**
 * FNV-1a (32-bit, hex) of a string: a short stable key for "the same submission seen twice" that stores no personal
 * data. Not a security hash; collisions only cost a skipped duplicate record.
 */
export function fingerprint(value: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i += 1) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * SHA-256 of a string's UTF-8 bytes, as hex, for keys a visitor's input names: a rate-limit bucket
 * (`recipient:email:…`) or a double-submit claim. Those must not be reachable from another input, or anyone could
 * craft an address that shares a victim's bucket and use up the victim's limit. FNV-1a (fingerprint.ts) is invertible
 * step by step, so such an address is found in seconds; SHA-256 makes it infeasible. Web Crypto (`globalThis.crypto`,
 * the same global that gives the module its random UUIDs) needs no import, so it runs in Velo backend code, in the SDK
 * family and in any Node ≥ 20.
 */
export async function keyDigest(value: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(value));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

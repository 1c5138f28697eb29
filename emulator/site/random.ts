/** Seeded PRNG (mulberry32) so IDs, fault probabilities and fixtures repeat from run to run. */
export class Random {
  #state: number;

  constructor(seed = 1) {
    this.#state = seed >>> 0;
  }

  /**
   * Where the generator is in its sequence. A site's export carries it, so the restored site continues the sequence
   * instead of starting again at its seed and re-issuing IDs the imported state already holds.
   */
  get state(): number {
    return this.#state;
  }

  restore(state: number): void {
    if (!Number.isInteger(state) || state < 0 || state > 0xffffffff) {
      throw new RangeError(`Random state must be an unsigned 32-bit integer, got ${String(state)}`);
    }
    this.#state = state;
  }

  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A version-4-shaped GUID, like every Wix entity ID. */
  guid(): string {
    const hex = (n: number) =>
      Array.from({ length: n }, () => Math.floor(this.next() * 16).toString(16)).join('');
    const variant = (8 + Math.floor(this.next() * 4)).toString(16);
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
  }
}

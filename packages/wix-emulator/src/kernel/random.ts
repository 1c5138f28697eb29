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
    // Draw order is part of the sequence a seed gives (and of exported states): variant first, then the groups.
    const variant = (8 + Math.floor(this.next() * 4)).toString(16);
    const a = this.#hex(8);
    const b = this.#hex(4);
    const c = this.#hex(3);
    const d = this.#hex(3);
    const e = this.#hex(12);
    return `${a}-${b}-4${c}-${variant}${d}-${e}`;
  }

  #hex(digits: number): string {
    let out = '';
    for (let i = 0; i < digits; i += 1) out += HEX_DIGITS[Math.floor(this.next() * 16)];
    return out;
  }
}

const HEX_DIGITS = '0123456789abcdef';

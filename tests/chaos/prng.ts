import { Random } from 'wix-emulator';

/**
 * The chaos scheduler's generator: the emulator's seeded Random (mulberry32) with the draws a scheduler makes. Every
 * choice comes from it, so a seed replays exactly.
 */
export class Prng extends Random {
  /** A whole number in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }
}

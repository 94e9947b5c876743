/**
 * The one seeded random generator of the project. Data generation, initial weights and batch order
 * all draw from it, each from its own named stream, so that changing, say, the number of epochs
 * never changes the initial weights, and the same (seed, stream) gives the same numbers in every
 * browser and in Node (pure 32-bit integer arithmetic, no Math.random, no platform RNG).
 *
 * Generator: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, public domain algorithm),
 * seeded by hashing (seed, stream) with a 32-bit FNV-1a + murmur3 finaliser.
 */

export interface Rng {
  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform in [0, 1), 32 bits of resolution. */
  uniform(): number;
  /** Standard normal (Box–Muller, both outputs used). */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** In-place Fisher–Yates shuffle; returns the same array. */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T;
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashSeed(seed: number, stream: string, salt: number): number {
  let h = 0x811c9dc5 ^ salt;
  const s = `${seed}\u0000${stream}`;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

export function createRng(seed: number, stream = 'default'): Rng {
  if (!Number.isFinite(seed)) throw new Error(`rng seed must be a finite number, got ${seed}`);
  let a = hashSeed(seed, stream, 1);
  let b = hashSeed(seed, stream, 2);
  let c = hashSeed(seed, stream, 3);
  let d = 1;
  const nextUint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Warm up so that nearby seeds decorrelate.
  for (let i = 0; i < 15; i++) nextUint32();

  let spare: number | null = null;
  const uniform = (): number => nextUint32() / 4294967296;
  return {
    nextUint32,
    uniform,
    normal(): number {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      let u = uniform();
      while (u <= 0) u = uniform();
      const v = uniform();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    int(n: number): number {
      if (!(n >= 1)) throw new Error(`rng.int needs n >= 1, got ${n}`);
      // Rejection sampling: no modulo bias.
      const limit = 4294967296 - (4294967296 % n);
      let x = nextUint32();
      while (x >= limit) x = nextUint32();
      return x % n;
    },
    shuffle<T extends { length: number; [i: number]: unknown }>(arr: T): T {
      for (let i = arr.length - 1; i > 0; i--) {
        const j = this.int(i + 1);
        const tmp = arr[i];
        arr[i] = arr[j];
        arr[j] = tmp;
      }
      return arr;
    },
  };
}

// Reusable typed arrays for whole-table calls. Scoring 100,000 initiatives needs several
// megabytes of working arrays; allocating them afresh on every call makes V8 collect garbage
// (ArrayBuffers count as external memory, which triggers full collections), and a full
// collection must walk the caller's 100,000-row input: more time than the scoring itself. So
// working arrays (never results) are kept per named slot and reused, grown when a larger call
// comes. Contents are left over from the previous call: callers initialise what they read.
// Arrays above CACHE_LIMIT elements are not kept, so one huge call does not pin its memory.
// Results stay pure functions of the inputs; only the memory is shared.

const CACHE_LIMIT = 1 << 21; // elements: 16 MB of doubles

const float64 = new Map<string, Float64Array>();
const uint32 = new Map<string, Uint32Array>();
const uint8 = new Map<string, Uint8Array>();

function take<A extends Float64Array | Uint32Array | Uint8Array>(cache: Map<string, A>, make: (n: number) => A, slot: string, n: number): A {
  if (n > CACHE_LIMIT) return make(n);
  let a = cache.get(slot);
  if (!a || a.length < n) {
    a = make(Math.min(CACHE_LIMIT, Math.max(n, (a?.length ?? 0) * 2)));
    cache.set(slot, a);
  }
  return a.subarray(0, n) as A;
}

/** n doubles of working memory for `slot`, contents unspecified. */
export function float64Scratch(slot: string, n: number): Float64Array {
  return take(float64, (k) => new Float64Array(k), slot, n);
}

/** n unsigned 32-bit integers of working memory for `slot`, contents unspecified. */
export function uint32Scratch(slot: string, n: number): Uint32Array {
  return take(uint32, (k) => new Uint32Array(k), slot, n);
}

/** n bytes of working memory for `slot`, contents unspecified. */
export function uint8Scratch(slot: string, n: number): Uint8Array {
  return take(uint8, (k) => new Uint8Array(k), slot, n);
}

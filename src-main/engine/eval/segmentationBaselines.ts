/** Reference points a real method has to beat; both are told the gold number of segments (the method is not). */

/** Boundaries that cut `unitCount` units into `segments` segments of (nearly) equal unit count. */
export function evenSplit(unitCount: number, segments: number): number[] {
  const m = Math.max(1, Math.min(segments, unitCount));
  const out: number[] = [];
  for (let s = 0; s < m; s++) {
    const b = Math.round((s * unitCount) / m);
    if (out.length === 0 || b > (out[out.length - 1] ?? -1)) out.push(b);
  }
  return out;
}

/** mulberry32: a small, fast, seedable PRNG so baseline figures are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, to derive a per-document seed from its id. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Each unit after the first starts a segment with probability (segments - 1) / (unitCount - 1), the gold rate. */
export function randomBoundaries(unitCount: number, segments: number, seed: number): number[] {
  const rand = seededRandom(seed);
  const rate = unitCount > 1 ? Math.max(0, segments - 1) / (unitCount - 1) : 0;
  const out = [0];
  for (let i = 1; i < unitCount; i++) if (rand() < rate) out.push(i);
  return out;
}

import { seededRandom } from '../seededRandom';
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

/** Each unit after the first starts a segment with probability (segments - 1) / (unitCount - 1), the gold rate. */
export function randomBoundaries(unitCount: number, segments: number, seed: number): number[] {
  const rand = seededRandom(seed);
  const rate = unitCount > 1 ? Math.max(0, segments - 1) / (unitCount - 1) : 0;
  const out = [0];
  for (let i = 1; i < unitCount; i++) if (rand() < rate) out.push(i);
  return out;
}

/** Half-open character ranges `[start, end)` into a document's text. */
export type CharRange = readonly [number, number];

/** Sorts and merges overlapping or touching ranges; empty ranges are dropped. */
export function mergeRanges(ranges: readonly CharRange[]): [number, number][] {
  const sorted = ranges.filter((r) => r[1] > r[0]).toSorted((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** Total length of merged ranges. */
export function rangesLength(ranges: readonly CharRange[]): number {
  return mergeRanges(ranges).reduce((sum, [s, e]) => sum + (e - s), 0);
}

/** Number of characters of `a` also inside `b` (each list merged first, so overlaps count once). */
export function overlapLength(a: readonly CharRange[], b: readonly CharRange[]): number {
  const x = mergeRanges(a);
  const y = mergeRanges(b);
  let i = 0;
  let j = 0;
  let total = 0;
  while (i < x.length && j < y.length) {
    const [xs, xe] = x[i]!;
    const [ys, ye] = y[j]!;
    const s = Math.max(xs, ys);
    const e = Math.min(xe, ye);
    if (e > s) total += e - s;
    if (xe < ye) i++;
    else j++;
  }
  return total;
}

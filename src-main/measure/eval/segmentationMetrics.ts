/**
 * Segmentation metrics over unit indices. A segmentation is given by its boundaries: the indices of the units that
 * start a segment, beginning with 0, strictly increasing, each below the unit count.
 */

/** Segment id of every unit. */
function segmentIds(boundaries: readonly number[], unitCount: number): Int32Array {
  const ids = new Int32Array(unitCount);
  let seg = -1;
  let next = 0;
  for (let i = 0; i < unitCount; i++) {
    while (next < boundaries.length && boundaries[next] === i) {
      seg++;
      next++;
    }
    ids[i] = Math.max(seg, 0);
  }
  return ids;
}

/** Half the mean gold segment length in units, rounded, at least 1 (Beeferman et al. 1999; Pevzner and Hearst 2002). */
export function windowSize(gold: readonly number[], unitCount: number): number {
  const segments = Math.max(gold.length, 1);
  return Math.max(1, Math.round(unitCount / segments / 2));
}

/**
 * Pk: the probability that two units k apart are wrongly judged to be in the same or in different segments.
 * 0 is perfect; a segmentation with no boundary or with a boundary everywhere scores about 0.5.
 */
export function pk(gold: readonly number[], predicted: readonly number[], unitCount: number, k?: number): number {
  const win = k ?? windowSize(gold, unitCount);
  const probes = unitCount - win;
  if (probes <= 0) return 0;
  const g = segmentIds(gold, unitCount);
  const p = segmentIds(predicted, unitCount);
  let errors = 0;
  for (let i = 0; i < probes; i++) {
    const sameGold = g[i] === g[i + win];
    const samePred = p[i] === p[i + win];
    if (sameGold !== samePred) errors++;
  }
  return errors / probes;
}

/** WindowDiff: the share of windows of k units in which the two segmentations have a different number of boundaries. */
export function windowDiff(
  gold: readonly number[],
  predicted: readonly number[],
  unitCount: number,
  k?: number,
): number {
  const win = k ?? windowSize(gold, unitCount);
  const probes = unitCount - win;
  if (probes <= 0) return 0;
  // g[i] counts the boundaries b with 0 < b <= i, so a window (i, i+k] holds g[i+k] - g[i] of them.
  const cumulative = (bounds: readonly number[]): Int32Array => {
    const marks = new Int32Array(unitCount);
    for (const b of bounds) if (b > 0 && b < unitCount) marks[b] = 1;
    for (let i = 1; i < unitCount; i++) marks[i] = (marks[i] ?? 0) + (marks[i - 1] ?? 0);
    return marks;
  };
  const g = cumulative(gold);
  const p = cumulative(predicted);
  let errors = 0;
  for (let i = 0; i < probes; i++) {
    const inGold = (g[i + win] ?? 0) - (g[i] ?? 0);
    const inPred = (p[i + win] ?? 0) - (p[i] ?? 0);
    if (inGold !== inPred) errors++;
  }
  return errors / probes;
}

/**
 * Boundary F1 where a predicted boundary within `tolerance` units of a gold one counts as a hit (each gold boundary
 * matched at most once). The trivial boundary 0 is left out; two segmentations with no other boundary score 1.
 */
export function boundaryF1(gold: readonly number[], predicted: readonly number[], tolerance = 1): number {
  const g = gold.filter((b) => b > 0);
  const p = predicted.filter((b) => b > 0);
  if (g.length === 0 && p.length === 0) return 1;
  if (g.length === 0 || p.length === 0) return 0;
  const used = new Uint8Array(g.length);
  let hits = 0;
  // Exact matches first, then the nearest free gold boundary, so a near miss cannot steal an exact hit's partner.
  const pending: number[] = [];
  for (const b of p) {
    const exact = g.indexOf(b);
    if (exact >= 0 && used[exact] === 0) {
      used[exact] = 1;
      hits++;
    } else pending.push(b);
  }
  for (const b of pending) {
    let best = -1;
    let bestDist = Infinity;
    g.forEach((gb, j) => {
      const d = Math.abs(gb - b);
      if (used[j] === 0 && d <= tolerance && d < bestDist) {
        best = j;
        bestDist = d;
      }
    });
    if (best >= 0) {
      used[best] = 1;
      hits++;
    }
  }
  if (hits === 0) return 0;
  const precision = hits / p.length;
  const recall = hits / g.length;
  return (2 * precision * recall) / (precision + recall);
}

export function segmentsRatio(gold: readonly number[], predicted: readonly number[]): number {
  return predicted.length / Math.max(gold.length, 1);
}

/** Lower-cased word tokens for title comparison. */
function titleTokens(title: string): string[] {
  return title.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

/** ROUGE-L F1 of two strings: the longest common token subsequence against both lengths. */
export function rougeL(reference: string, candidate: string): number {
  const r = titleTokens(reference);
  const c = titleTokens(candidate);
  if (r.length === 0 || c.length === 0) return 0;
  let prev = new Uint16Array(c.length + 1);
  let cur = new Uint16Array(c.length + 1);
  for (let i = 1; i <= r.length; i++) {
    for (let j = 1; j <= c.length; j++) {
      cur[j] = r[i - 1] === c[j - 1] ? (prev[j - 1] ?? 0) + 1 : Math.max(prev[j] ?? 0, cur[j - 1] ?? 0);
    }
    [prev, cur] = [cur, prev];
  }
  const lcs = prev[c.length] ?? 0;
  if (lcs === 0) return 0;
  const precision = lcs / c.length;
  const recall = lcs / r.length;
  return (2 * precision * recall) / (precision + recall);
}

/**
 * Title ROUGE-L averaged over gold segments: each gold segment is compared with the title of the predicted segment
 * that overlaps it most (by units), so a missed boundary costs title credit too.
 */
export function alignedTitleRougeL(
  gold: readonly number[],
  goldTitles: readonly string[],
  predicted: readonly number[],
  predictedTitles: readonly string[],
  unitCount: number,
): number {
  if (gold.length === 0) return 0;
  let total = 0;
  for (let s = 0; s < gold.length; s++) {
    const start = gold[s] ?? 0;
    const end = gold[s + 1] ?? unitCount;
    let best = 0;
    let bestOverlap = -1;
    for (let t = 0; t < predicted.length; t++) {
      const ps = predicted[t] ?? 0;
      const pe = predicted[t + 1] ?? unitCount;
      const overlap = Math.min(end, pe) - Math.max(start, ps);
      if (overlap > bestOverlap) {
        bestOverlap = overlap;
        best = t;
      }
    }
    total += rougeL(goldTitles[s] ?? '', predictedTitles[best] ?? '');
  }
  return total / gold.length;
}

/** The chapter sizes the engine knows, coarsest first: "fewer chapters" steps left, "more chapters" right. */
export type Granularity = 'coarse' | 'normal' | 'fine';
const ORDER: readonly Granularity[] = ['coarse', 'normal', 'fine'];

/** The next size in the direction asked for, or undefined at the end of the scale. */
export function stepGranularity(current: Granularity, direction: 'fewer' | 'more'): Granularity | undefined {
  return ORDER[ORDER.indexOf(current) + (direction === 'fewer' ? -1 : 1)];
}

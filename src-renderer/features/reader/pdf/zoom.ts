/** Fit to the view's width, or a fixed scale (1 = 72 CSS pixels per inch, the PDF's own size). */
export type Zoom = 'fit' | number;

/** The steps − and + move through, as in most PDF viewers. */
export const ZOOM_STEPS = [0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4] as const;

/** The next step above (+1) or below (-1) the current scale, which may lie between steps when fitting the width. */
export function nextZoom(scale: number, direction: 1 | -1): number {
  const steps: readonly number[] = ZOOM_STEPS;
  if (direction === 1) return steps.find((s) => s > scale + 0.01) ?? steps[steps.length - 1] ?? scale;
  return [...steps].reverse().find((s) => s < scale - 0.01) ?? steps[0] ?? scale;
}

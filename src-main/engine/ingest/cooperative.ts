import { throwIfCancelled } from '../jobs/JobRunner';

/**
 * Long synchronous work written as a generator that yields between small pieces (every few thousand lines). One
 * body, two drivers: `runSync` for callers that want a plain value, `runCooperatively` for jobs, which must let the
 * engine answer calls (a cancel above all) while a 200,000-cue transcript is parsed.
 */
export type Steps<T> = Generator<void, T, void>;

/** How often a loop yields to its driver (a bit mask on the loop index: every 4,096 iterations). */
export const YIELD_MASK = 0xfff;

export function runSync<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Runs the steps, giving the event loop a turn (`setImmediate`, so I/O such as a cancel request is served) whenever
 * `sliceMs` of work has passed, and throwing `CANCELLED` there once the signal is aborted.
 */
export async function runCooperatively<T>(steps: Steps<T>, signal: AbortSignal | undefined, sliceMs = 25): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart < sliceMs) continue;
    await new Promise<void>((resolve) => setImmediate(resolve));
    throwIfCancelled(signal);
    sliceStart = performance.now();
  }
}

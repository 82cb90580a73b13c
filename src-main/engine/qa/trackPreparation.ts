import type { StageContext } from '../jobs/JobRunner';
import type { YieldGate } from '../jobs/YieldGate';

/** A preparation in progress, as questions see it. */
export interface Preparation {
  docId: string;
  ratio: number;
  done: number;
  total: number;
}

/**
 * The stage context and yield point a preparation runs with: progress updates `preparation` (what a question's note
 * reports) and carry an ETA from the speed measured in this run, not counting the time spent yielding to questions
 * or paused, nor the segments a checkpoint already held.
 */
export function trackPreparation(
  ctx: StageContext,
  preparation: Preparation,
  gate: YieldGate,
): { ctx: StageContext; yieldPoint: () => Promise<void> } {
  const started = performance.now();
  let waited = 0;
  let from: number | undefined;
  return {
    ctx: {
      ...ctx,
      onProgress: (update) => {
        if (update.phase !== 'compressing') return ctx.onProgress(update);
        preparation.done = update.done;
        preparation.total = update.total;
        from ??= update.done;
        const built = update.done - from;
        const ms = performance.now() - started - waited;
        const etaMs = built > 0 ? Math.round((ms / built) * (update.total - update.done)) : undefined;
        ctx.onProgress({ ...update, ...(etaMs !== undefined ? { etaMs } : {}) });
      },
    },
    yieldPoint: async () => {
      const since = performance.now();
      await gate.pass();
      await ctx.pausePoint?.();
      waited += performance.now() - since;
    },
  };
}

/** The one plain line a passages-only answer carries about the preparation. */
export function preparingNote(preparation: Preparation | undefined, docId: string, ratio: number): string {
  const lead = 'Answered from the most relevant passages; ';
  if (preparation?.docId === docId && preparation.ratio === ratio) {
    const share = preparation.total > 0 ? Math.floor((preparation.done / preparation.total) * 100) : 0;
    return `${lead}the whole-document view is still being prepared, ${share}%.`;
  }
  if (preparation) return `${lead}the whole-document view waits while another preparation runs.`;
  return `${lead}the whole-document view is not prepared yet (Prepare for questions builds it).`;
}

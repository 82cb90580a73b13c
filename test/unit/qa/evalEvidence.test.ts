import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evalEvidence } from '../../../src-main/measure/eval/evalEvidence';

// The evaluation data lives next to the repository (../shared/data in the workspace); a fresh clone has none.
const dataDir = process.env.LECTERN_DATA_DIR ?? join(process.cwd(), '..', 'shared', 'data');
const hasData = existsSync(join(dataDir, 'qa', 'qmsum.questions.jsonl'));
if (!hasData) console.warn(`evalEvidence tests skipped: no evaluation data at ${dataDir} (set LECTERN_DATA_DIR).`);

describe.skipIf(!hasData)('evidence evaluation of the planner on the shared data', () => {
  it(
    'beats truncation, naive RAG and random drop on the three core sets at r = 4 and 8, within the budget',
    { timeout: 300_000 },
    async () => {
      const report = await evalEvidence(dataDir, { ratios: [4, 8], datasets: ['qmsum', 'qasper', 'leval_cuad'] });
      expect(report.scorer).toBe('lexical');
      expect(report.ratios.map((r) => r.ratio)).toEqual([4, 8]);
      for (const { ratio, datasets } of report.ratios) {
        for (const d of datasets) {
          const label = `${d.name} r=${ratio}`;
          expect(d.questions).toBeGreaterThan(0);
          expect(d.recall, label).toBeGreaterThan(d.baselines.truncate);
          expect(d.recall, label).toBeGreaterThan(d.baselines.rag);
          expect(d.recall, label).toBeGreaterThan(d.baselines.random);
          // The overview and the passages share doc/r: the plan never gets more than the baselines.
          expect(d.split.overviewTokens + d.split.passageTokens, label).toBeLessThanOrEqual(d.split.totalTokens);
        }
        const core = datasets.map((d) => d.recall);
        const mean = core.reduce((a, b) => a + b, 0) / core.length;
        // All questions (both halves): even half 0.754 / 0.619, odd half 0.696 / 0.532 at r = 4 / 8 (targets 0.75 /
        // 0.60 not met on the odd half); the bounds guard against regressions.
        expect(mean, `r=${ratio}`).toBeGreaterThan(ratio === 4 ? 0.68 : 0.54);
      }
    },
  );

  it('splits the questions into two halves by id that together make the whole', { timeout: 300_000 }, async () => {
    const options = { ratios: [4], datasets: ['qasper'] };
    const [all, even, odd] = await Promise.all([
      evalEvidence(dataDir, options),
      evalEvidence(dataDir, { ...options, half: 'even' }),
      evalEvidence(dataDir, { ...options, half: 'odd' }),
    ]);
    const [a, e, o] = [all, even, odd].map((r) => r.ratios[0]!.datasets[0]!);
    expect(e!.questions).toBeGreaterThan(0);
    expect(o!.questions).toBeGreaterThan(0);
    expect(e!.questions + o!.questions).toBe(a!.questions);
    expect((e!.recall * e!.questions + o!.recall * o!.questions) / a!.questions).toBeCloseTo(a!.recall, 10);
    expect(even.method.half).toBe('even');
  });
});

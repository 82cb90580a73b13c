import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evalEvidence, type EvalEvidenceReport } from '../../../src-main/measure/eval/evalEvidence';

// The evaluation data lives next to the repository (../shared/data in the workspace); a fresh clone has none.
const dataDir = process.env.LECTERN_DATA_DIR ?? join(process.cwd(), '..', 'shared', 'data');
const hasData = existsSync(join(dataDir, 'qa', 'qmsum.questions.jsonl'));
if (!hasData) console.warn(`evalEvidence tests skipped: no evaluation data at ${dataDir} (set LECTERN_DATA_DIR).`);

function byName(report: EvalEvidenceReport) {
  return new Map(report.datasets.map((d) => [d.name, d]));
}

describe.skipIf(!hasData)('evidence evaluation on the shared data (R = 4)', () => {
  it(
    'expansion-only contexts beat naive RAG and random drop on every dataset, truncation on all but NQ',
    { timeout: 300_000 },
    async () => {
      const report = await evalEvidence(dataDir, { ratio: 4, compressedShare: 0 });
      expect(report.datasets.map((d) => d.name)).toEqual(
        expect.arrayContaining(['qmsum', 'qasper', 'leval_cuad', 'leval_nq', 'bamboo_paperqa', 'bamboo_meetingqa']),
      );
      for (const d of report.datasets) {
        expect(d.questions).toBeGreaterThan(0);
        expect(d.recall, d.name).toBeGreaterThan(d.baselines.rag);
        // Not on leval_nq: Wikipedia pages answer most questions in their lead, which truncation keeps (measured
        // 0.572 against 0.537).
        if (d.name !== 'leval_nq') expect(d.recall, d.name).toBeGreaterThan(d.baselines.truncate);
        expect(d.recall, d.name).toBeGreaterThan(d.baselines.random);
      }
      const core = ['qmsum', 'qasper', 'leval_cuad'].map((n) => byName(report).get(n)!.recall);
      // Measured 0.724 (0.671 with whole segments; target 0.85 not met); the bound guards against regressions.
      expect(core.reduce((a, b) => a + b, 0) / core.length).toBeGreaterThan(0.7);
    },
  );

  it(
    'with the compressed document (a quarter of the budget) it beats every baseline on the three core sets',
    { timeout: 300_000 },
    async () => {
      const report = await evalEvidence(dataDir, { ratio: 4, datasets: ['qmsum', 'qasper', 'leval_cuad'] });
      expect(report.scorer).toBe('lexical');
      expect(report.method).toMatchObject({ compressedShare: 0.25, segmentTokens: 512 });
      for (const d of report.datasets) {
        expect(d.recall, d.name).toBeGreaterThan(d.baselines.truncate);
        expect(d.recall, d.name).toBeGreaterThan(d.baselines.rag);
        expect(d.recall, d.name).toBeGreaterThan(d.baselines.random);
      }
      // Measured 0.668 (0.594 with whole segments).
      const core = report.datasets.map((d) => d.recall);
      expect(core.reduce((a, b) => a + b, 0) / core.length).toBeGreaterThan(0.64);
    },
  );

  it('splits the questions into two halves by id that together make the whole', { timeout: 300_000 }, async () => {
    const options = { ratio: 4, datasets: ['qasper'], compressedShare: 0 };
    const [all, even, odd] = await Promise.all([
      evalEvidence(dataDir, options),
      evalEvidence(dataDir, { ...options, half: 'even' }),
      evalEvidence(dataDir, { ...options, half: 'odd' }),
    ]);
    const [a, e, o] = [all, even, odd].map((r) => r.datasets[0]!);
    expect(e!.questions).toBeGreaterThan(0);
    expect(o!.questions).toBeGreaterThan(0);
    expect(e!.questions + o!.questions).toBe(a!.questions);
    expect((e!.recall * e!.questions + o!.recall * o!.questions) / a!.questions).toBeCloseTo(a!.recall, 10);
    expect(even.method.half).toBe('even');
  });
});

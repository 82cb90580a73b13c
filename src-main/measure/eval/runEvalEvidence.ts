/**
 * Prints the evidence evaluation as JSON:
 * `npx tsx src-main/measure/eval/runEvalEvidence.ts <dataDir> <ratio,ratio,...> [--passage-tokens=96]
 * [--half=even|odd] [--passages-only] [dataset ...]`.
 */
import { evalEvidence, type EvalEvidenceOptions } from './evalEvidence';

const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('--'));
const [dataDir, ratioArg, ...datasets] = args.filter((a) => !a.startsWith('--'));
const ratios = (ratioArg ?? '').split(',').map(Number);
if (dataDir === undefined || ratios.some((r) => !Number.isFinite(r) || r < 1)) {
  process.stderr.write(
    'usage: runEvalEvidence.ts <dataDir> <ratios> [--passage-tokens=N] [--half=even|odd] [--passages-only] [dataset ...]\n',
  );
  process.exit(2);
}
const options: EvalEvidenceOptions = { ratios };
if (datasets.length > 0) options.datasets = datasets;
for (const flag of flags) {
  const [name, value] = flag.slice(2).split('=');
  if (name === 'passage-tokens' && value !== undefined) options.passageTokens = Number(value);
  else if (name === 'half' && (value === 'even' || value === 'odd')) options.half = value;
  else if (name === 'passages-only') options.stateReady = false;
  else {
    process.stderr.write(`unknown option ${flag}\n`);
    process.exit(2);
  }
}
const started = Date.now();
const report = await evalEvidence(dataDir, options);
process.stdout.write(JSON.stringify(report, null, 2) + '\n');
process.stderr.write(`evidence eval: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

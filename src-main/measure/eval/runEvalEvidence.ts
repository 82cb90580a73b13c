/**
 * Prints the evidence evaluation as JSON:
 * `npx tsx src-main/measure/eval/runEvalEvidence.ts <dataDir> <ratio> [--compressed-share=0.25] [--passage-tokens=96]
 * [--half=even|odd] [dataset ...]`.
 */
import { evalEvidence, type EvalEvidenceOptions } from './evalEvidence';

const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('--'));
const [dataDir, ratioArg, ...datasets] = args.filter((a) => !a.startsWith('--'));
const ratio = Number(ratioArg);
if (dataDir === undefined || !Number.isFinite(ratio) || ratio < 1) {
  process.stderr.write(
    'usage: runEvalEvidence.ts <dataDir> <ratio> [--compressed-share=S] [--passage-tokens=N] [--half=even|odd] [dataset ...]\n',
  );
  process.exit(2);
}
const options: EvalEvidenceOptions = { ratio };
if (datasets.length > 0) options.datasets = datasets;
for (const flag of flags) {
  const [name, value] = flag.slice(2).split('=');
  if (name === 'compressed-share' && value !== undefined) options.compressedShare = Number(value);
  else if (name === 'passage-tokens' && value !== undefined) options.passageTokens = Number(value);
  else if (name === 'half' && (value === 'even' || value === 'odd')) options.half = value;
  else {
    process.stderr.write(`unknown option ${flag}\n`);
    process.exit(2);
  }
}
const started = Date.now();
const report = await evalEvidence(dataDir, options);
process.stdout.write(JSON.stringify(report, null, 2) + '\n');
process.stderr.write(`evidence eval: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

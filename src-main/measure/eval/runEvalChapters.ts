/**
 * Prints the chapter-segmentation evaluation as JSON:
 * `npx tsx src-main/measure/eval/runEvalChapters.ts <dataDir> [--half=even|odd] [dataset ...]`.
 */
import { evalChapters } from './evalChapters';

const dataDir = process.argv[2];
if (dataDir === undefined) {
  process.stderr.write('usage: runEvalChapters.ts <dataDir> [--half=even|odd] [dataset ...]\n');
  process.exit(2);
}
const args = process.argv.slice(3);
const halfArg = args.find((a) => a.startsWith('--half='))?.slice('--half='.length);
const half = halfArg === 'even' || halfArg === 'odd' ? halfArg : undefined;
const datasets = args.filter((a) => !a.startsWith('--'));
const report = await evalChapters(dataDir, {
  ...(datasets.length > 0 ? { datasets } : {}),
  ...(half ? { half } : {}),
});
process.stdout.write(JSON.stringify(report, null, 2) + '\n');

/** Prints the chapter-segmentation evaluation as JSON: `npx tsx src-main/measure/eval/runEvalChapters.ts <dataDir>`. */
import { evalChapters } from './evalChapters';

const dataDir = process.argv[2];
if (dataDir === undefined) {
  process.stderr.write('usage: runEvalChapters.ts <dataDir> [dataset ...]\n');
  process.exit(2);
}
const datasets = process.argv.slice(3);
const report = await evalChapters(dataDir, datasets.length > 0 ? { datasets } : {});
process.stdout.write(JSON.stringify(report, null, 2) + '\n');

import { Command } from 'commander';
import { LecternError } from '../../../src-shared/errors';
import { evalChapters } from '../../engine/eval/evalChapters';
import { evalEvidence } from '../../engine/eval/evalEvidence';
import { printError, printJson } from '../context';

function requireData(dir: string | undefined): string {
  if (!dir) throw new LecternError('INVALID_ARGUMENT', '--data <dir> is required (for example ../shared/data).');
  return dir;
}

/** `lectern eval chapters|evidence`: model-free quality measurements on a data folder (see ../shared/data/SCHEMA.md). */
export function evalCommand(): Command {
  const command = new Command('eval').description(
    'measure chapter segmentation and evidence retention on evaluation data',
  );
  command
    .command('chapters')
    .description('Pk, WindowDiff, boundary F1 and title ROUGE-L against gold segmentations, with baselines')
    .option('--data <dir>', 'folder with segmentation/*.jsonl')
    .option('--datasets <names>', 'comma-separated dataset names (default: all)')
    .option('--json', 'print JSON')
    .action(async (options: { data?: string; datasets?: string; json?: boolean }) => {
      try {
        const report = await evalChapters(
          requireData(options.data),
          options.datasets ? { datasets: options.datasets.split(',') } : {},
        );
        if (options.json) return printJson(report);
        console.log('dataset              docs     Pk     WD     F1  ratio  (even Pk / random Pk)');
        for (const d of report.datasets) {
          console.log(
            `${d.name.padEnd(20)} ${String(d.docs).padStart(4)}  ${d.pk.toFixed(3)}  ${d.windowDiff.toFixed(3)}  ${d.boundaryF1.toFixed(3)}  ${d.segmentsRatio.toFixed(2)}  (${d.baselines.even.pk.toFixed(3)} / ${d.baselines.random.pk.toFixed(3)})`,
          );
        }
      } catch (error) {
        printError(error, options.json === true);
        process.exitCode = 1;
      }
    });
  command
    .command('evidence')
    .description(
      'share of gold evidence kept in the context `ask` builds at a budget of doc tokens / R, with baselines',
    )
    .option('--data <dir>', 'folder with qa/*.docs.jsonl and qa/*.questions.jsonl')
    .option('--ratio <r>', 'compression ratio R', '4')
    .option('--datasets <names>', 'comma-separated dataset names (default: all with evidence)')
    .option('--json', 'print JSON')
    .action(async (options: { data?: string; ratio: string; datasets?: string; json?: boolean }) => {
      try {
        const ratio = Number(options.ratio);
        if (!Number.isFinite(ratio) || ratio < 1)
          throw new LecternError('INVALID_ARGUMENT', `--ratio must be at least 1, got ${options.ratio}.`);
        const report = await evalEvidence(requireData(options.data), {
          ratio,
          ...(options.datasets ? { datasets: options.datasets.split(',') } : {}),
        });
        if (options.json) return printJson(report);
        console.log(`ratio ${report.ratio}, token scores: ${report.scorer}`);
        console.log('dataset              questions  recall  truncate     rag  random');
        for (const d of report.datasets) {
          const b = d.baselines;
          console.log(
            `${d.name.padEnd(20)} ${String(d.questions).padStart(9)}  ${d.recall.toFixed(3)}  ${b.truncate.toFixed(3).padStart(8)}  ${b.rag.toFixed(3).padStart(6)}  ${b.random.toFixed(3).padStart(6)}`,
          );
        }
      } catch (error) {
        printError(error, options.json === true);
        process.exitCode = 1;
      }
    });
  return command;
}

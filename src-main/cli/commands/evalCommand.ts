import { Command } from 'commander';
import { LecternError } from '../../../src-shared/errors';
import { evalChapters } from '../../engine/eval/evalChapters';
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
  return command;
}

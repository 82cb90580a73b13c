import { Command, Option } from 'commander';
import type { ChapterExportFormat } from '../../../src-shared/domain/chapter';
import { formatTime } from '../../../src-shared/formatTime';
import { printJson, withCommonOptions, withEngine, type GlobalOptions } from '../context';
import { resolveDocId } from './library';
import { runJob } from '../runJob';

/** `lectern chapters <docId>`: show or export a document's chapters, or make them again. */
export function chaptersCommand(): Command {
  return withCommonOptions(new Command('chapters'))
    .description('show a document’s chapters, or export them (Podcasting 2.0 JSON, WebVTT, YouTube, Markdown)')
    .argument('<docId>', 'document id (or a unique prefix)')
    .addOption(
      new Option('--format <format>', 'print the chapters in this export format').choices([
        'json',
        'podcast',
        'vtt',
        'youtube',
        'md',
      ]),
    )
    .option('--redo', 'find chapters again, replacing your edits')
    .addOption(
      new Option('--granularity <g>', 'with --redo: chapter size')
        .choices(['coarse', 'normal', 'fine'])
        .default('normal'),
    )
    .action(
      async (
        docId: string,
        options: GlobalOptions & {
          format?: ChapterExportFormat;
          redo?: boolean;
          granularity: 'coarse' | 'normal' | 'fine';
        },
      ) => {
        await withEngine(options, async (engine) => {
          const id = await resolveDocId(engine, docId);
          if (options.redo) {
            await runJob(
              engine,
              await engine.invoke('rechapter', { docId: id, redo: true, granularity: options.granularity }),
              { quiet: options.json },
            );
          }
          if (options.format) {
            const exported = await engine.invoke('exportChapters', { docId: id, format: options.format });
            if (options.json) return printJson(exported);
            process.stdout.write(exported.content);
            return;
          }
          const chapters = await engine.invoke('listChapters', { docId: id });
          if (options.json) return printJson({ docId: id, chapters });
          for (const c of chapters) {
            const where =
              c.page !== undefined ? `p.${c.page}` : c.time !== undefined ? formatTime(c.time) : `#${c.startUnit}`;
            console.log(`${where.padStart(8)}  ${'  '.repeat(c.level - 1)}${c.title}`);
          }
        });
      },
    );
}

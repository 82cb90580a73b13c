import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { LecternError } from '../../../src-shared/errors';
import { benchAsk } from '../../measure/bench/benchAsk';
import { benchLookup } from '../../measure/bench/benchLookup';
import { BENCH_SHAPE, ensureGeneratedModel } from '../../measure/gguf/modelShapes';
import { measureImport, type ImportMeasurement } from '../../measure/bench/measureImport';
import { measureParse, type ParseMeasurement } from '../../measure/bench/measureParse';
import { enginePaths } from '../../engine/paths';
import { writeSyntheticSrt } from '../../measure/synthetic/syntheticTranscript';
import { appRoot } from '../../engine/version';
import { printError, printJson } from '../context';

const run = promisify(execFile);

/** Runs `lectern bench parse-one <file>` in a fresh process so each file's peak memory is its own. */
async function measureInChild(file: string): Promise<ParseMeasurement> {
  const { stdout } = await run(process.execPath, [path.join(appRoot(), 'bin/lectern.js'), 'bench', 'parse-one', file], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout) as ParseMeasurement;
}

async function measureImportInChild(file: string, question: string): Promise<ImportMeasurement> {
  const bin = path.join(appRoot(), 'bin/lectern.js');
  const { stdout } = await run(process.execPath, [bin, 'bench', 'import-one', file, '--question', question], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout) as ImportMeasurement;
}

/** `bench import --full`: the whole import and a model-free question, each file in a fresh process. */
async function benchFullImports(files: string[], question: string, json: boolean): Promise<void> {
  const rows = [];
  for (const file of files) {
    const m = await measureImportInChild(file, question);
    rows.push({ ...m, rssPerFileByte: Math.round(((m.peakRssMb * 2 ** 20) / m.bytes) * 10) / 10 });
  }
  if (json) return printJson({ cores: os.availableParallelism(), full: rows });
  for (const r of rows)
    console.log(
      `${path.basename(r.file)}: ${(r.bytes / 2 ** 20).toFixed(1)} MB, ${r.units} units: import ${r.importMs} ms, ` +
        `model-free ask ${r.askMs} ms (${r.askFound ? 'found' : 'nothing found'}), peak RSS ${r.peakRssMb} MB (${r.rssPerFileByte}x the file)`,
    );
}

function defaultPdf(): string {
  const shared = path.resolve(appRoot(), '..', 'shared', 'data', 'fixtures', 'pdfs', 'pdfjs', 'freeculture.pdf');
  return existsSync(shared) ? shared : path.join(appRoot(), 'resources', 'samples', 'sample-report.pdf');
}

/** `lectern bench import`: text pages per second and peak memory for a large PDF, MB/s for transcripts. */
function benchImportCommand(): Command {
  return new Command('import')
    .description('import speed: PDF text pages/s and peak RSS growth, transcript MB/s (each file in a fresh process)')
    .option('--pdf <files...>', 'PDFs to parse (default: the 352-page book in ../shared, else the sample report)')
    .option(
      '--transcripts <files...>',
      'transcripts to parse (default: a generated 200,000-cue SRT and the sample podcast)',
    )
    .option('--runs <n>', 'runs per file; the median is reported', '3')
    .option('--full <files...>', 'instead: the whole import (parse, chapters, store) and a model-free question')
    .option('--question <text>', 'the question asked after a --full import', 'What did the committee decide?')
    .option('--json', 'print JSON')
    .action(async (options: ImportBenchOptions) => {
      try {
        if (options.full) return await benchFullImports(options.full, options.question, options.json === true);
        const runs = Math.max(1, Number(options.runs) || 1);
        const pdfs = options.pdf ?? [defaultPdf()];
        let transcripts = options.transcripts;
        if (!transcripts) {
          const big = path.join(mkdtempSync(path.join(os.tmpdir(), 'lectern-bench-')), 'meeting-200k-cues.srt');
          writeSyntheticSrt(big, 200_000);
          transcripts = [big, path.join(appRoot(), 'resources', 'samples', 'sample-podcast.vtt')];
        }
        const median = async (file: string) => {
          const all: ParseMeasurement[] = [];
          for (let i = 0; i < runs; i++) all.push(await measureInChild(file));
          all.sort((a, b) => a.ms - b.ms);
          return all[Math.floor(all.length / 2)] as ParseMeasurement;
        };
        const pdfRows = [];
        for (const file of pdfs) {
          const m = await median(file);
          pdfRows.push({
            ...m,
            pagesPerS: m.pages ? Math.round((m.pages / m.ms) * 1000 * 10) / 10 : 0,
            rssGrowthMb: m.peakRssMb - m.rssBeforeMb,
          });
        }
        const transcriptRows = [];
        for (const file of transcripts) {
          const m = await median(file);
          transcriptRows.push({
            ...m,
            mbPerS: Math.round((m.bytes / 2 ** 20 / (m.ms / 1000)) * 10) / 10,
            rssGrowthMb: m.peakRssMb - m.rssBeforeMb,
          });
        }
        const report = { runs, cores: os.availableParallelism(), pdf: pdfRows, transcripts: transcriptRows };
        if (options.json) return printJson(report);
        for (const r of pdfRows)
          console.log(
            `${path.basename(r.file)}: ${r.pages} pages in ${r.ms} ms = ${r.pagesPerS} pages/s, peak RSS +${r.rssGrowthMb} MB`,
          );
        for (const r of transcriptRows)
          console.log(
            `${path.basename(r.file)}: ${(r.bytes / 2 ** 20).toFixed(1)} MB in ${r.ms} ms = ${r.mbPerS} MB/s, peak RSS +${r.rssGrowthMb} MB`,
          );
      } catch (error) {
        printError(error, options.json === true);
        process.exitCode = 1;
      }
    });
}

interface ImportBenchOptions {
  pdf?: string[];
  transcripts?: string[];
  runs: string;
  full?: string[];
  question: string;
  json?: boolean;
}

/** Internal: imports one file and asks one question in this process, prints JSON (used by `bench import --full`). */
function importOneCommand(): Command {
  return new Command('import-one')
    .description('(internal) import one file, ask one model-free question, print time and memory as JSON')
    .argument('<file>')
    .requiredOption('--question <text>')
    .action(async (file: string, options: { question: string }) => {
      try {
        printJson(await measureImport(path.resolve(file), options.question));
      } catch (error) {
        printError(error, true);
        process.exitCode = 1;
      }
    });
}

/** Internal: measures one file in this process and prints JSON (used by `bench import`). */
function parseOneCommand(): Command {
  return new Command('parse-one')
    .description('(internal) parse one file and print time and memory as JSON')
    .argument('<file>')
    .action(async (file: string) => {
      try {
        printJson(await measureParse(file));
      } catch (error) {
        printError(error, true);
        process.exitCode = 1;
      }
    });
}

const numbers = (value: string): number[] =>
  value.split(',').map((v) => {
    const n = Number(v.trim());
    if (!Number.isFinite(n) || n <= 0) throw new LecternError('INVALID_ARGUMENT', `Not a positive number: ${v}.`);
    return n;
  });

/** `lectern bench ask`: the app's own ask path (answer first, prepare, ready, follow-up, resume) per length and ratio. */
function benchAskCommand(): Command {
  return new Command('ask')
    .description(
      'through the engine’s ask path: time to first token before, during and after preparation, preparation and resume time, state size, against a plain full prefill, in one run',
    )
    .option('--tokens <list>', 'generated transcript lengths in tokens', '4096,16384')
    .option('--ratios <list>', 'compression ratios', '2,4,8')
    .option('--model <path>', 'GGUF model (default: a generated random-weight 8-layer 58M llama, Q8_0)')
    .option('--threads <n>', 'llama.cpp threads', String(Math.max(1, Math.min(os.availableParallelism(), 4))))
    .option('--doc <path>', 'a real document to ask about instead of generated transcripts')
    .option('--lookup', 'also time quoting answers with and without prompt-lookup drafting (first length)')
    .option('--lookup-only', 'only the prompt-lookup comparison')
    .option('--json', 'print JSON')
    .action(
      async (options: {
        tokens: string;
        ratios: string;
        model?: string;
        threads: string;
        doc?: string;
        lookup?: boolean;
        lookupOnly?: boolean;
        json?: boolean;
      }) => {
        try {
          const modelPath = options.model
            ? path.resolve(options.model)
            : await ensureGeneratedModel(BENCH_SHAPE, path.join(enginePaths().cacheDir, 'bench'));
          const threads = numbers(options.threads)[0] ?? 2;
          const doc = options.doc ? { doc: path.resolve(options.doc) } : {};
          const tokens = numbers(options.tokens);
          const result = options.lookupOnly
            ? { rows: [], model: { path: modelPath, threads } }
            : await benchAsk({
                modelPath,
                tokens,
                ratios: numbers(options.ratios),
                threads,
                ...doc,
                log: (line) => process.stderr.write(`${line}\n`),
              });
          const lookup =
            options.lookup || options.lookupOnly
              ? await benchLookup({ modelPath, tokens: tokens[0] ?? 4096, threads, ...doc })
              : undefined;
          if (options.json) return printJson({ ...result, ...(lookup ? { lookup } : {}) });
          if (result.rows.length > 0) console.table(result.rows);
          if (lookup) console.table(lookup.rows);
        } catch (error) {
          printError(error, options.json === true);
          process.exitCode = 1;
        }
      },
    );
}

/** `lectern bench ...`: speed and memory measurements, reported side by side in one run. */
export function benchCommand(): Command {
  const command = new Command('bench').description('measure import speed and time to first token');
  command.addCommand(benchImportCommand());
  command.addCommand(benchAskCommand());
  command.addCommand(parseOneCommand(), { hidden: true });
  command.addCommand(importOneCommand(), { hidden: true });
  return command;
}

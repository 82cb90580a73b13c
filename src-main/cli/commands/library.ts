import { Command } from 'commander';
import type { ImportReport } from '../../../src-shared/domain/importing';
import { LecternError } from '../../../src-shared/errors';
import type { Engine } from '../../engine/Engine';
import { runJob } from '../runJob';
import { printJson, withCommonOptions, withEngine, type GlobalOptions } from '../context';

function formatSize(result: ImportReport['results'][number]): string {
  if (result.pages !== undefined) return `${result.pages} pages`;
  return `${result.units ?? 0} units`;
}

/** `lectern import <paths...>` */
export function importCommand(): Command {
  return withCommonOptions(new Command('import'))
    .description('import PDFs, transcripts (SRT, WebVTT, Whisper JSON, YouTube XML), Markdown, text or DOCX files')
    .argument('<paths...>', 'files to import')
    .option('--password <password>', 'password for encrypted PDFs')
    .option('--no-ocr', 'do not OCR pages that have no text layer')
    .action(async (paths: string[], options: GlobalOptions & { password?: string; ocr: boolean }) => {
      await withEngine(options, async (engine) => {
        const started = await engine.importPaths({
          paths,
          ocr: options.ocr,
          ...(options.password !== undefined ? { password: options.password } : {}),
        });
        const report = await runJob(engine, started, { quiet: options.json });
        if (options.json) return printJson(report);
        for (const r of report.results) {
          if (r.status === 'error') console.log(`✗ ${r.path}\n    ${r.error?.message} (${r.error?.code})`);
          else
            console.log(
              `${r.status === 'duplicate' ? '=' : '✓'} ${r.title ?? r.path}  ${r.status === 'duplicate' ? '(already in the library)' : `${formatSize(r)}, ${r.ms} ms`}\n    id ${r.docId}`,
            );
        }
      });
    });
}

/** `lectern list` */
export function listCommand(): Command {
  return withCommonOptions(new Command('list'))
    .description('list the documents in the library')
    .action(async (options: GlobalOptions) => {
      await withEngine(options, async (engine) => {
        const docs = await engine.invoke('listDocuments', {});
        if (options.json) return printJson({ documents: docs });
        if (docs.length === 0) console.log('The library is empty. Import a file with `lectern import <file>`.');
        for (const d of docs) {
          const size = d.meta.pages
            ? `${d.meta.pages} pages`
            : d.meta.durationSec
              ? `${Math.round(d.meta.durationSec / 60)} min`
              : `${d.unitCount} paragraphs`;
          console.log(`${d.id.slice(0, 12)}  ${d.kind.padEnd(10)}  ${size.padEnd(10)}  ${d.title}`);
        }
      });
    });
}

/** `lectern show <docId>` */
export function showCommand(): Command {
  return withCommonOptions(new Command('show'))
    .description('show a document: metadata and outline, and with --units its units with anchors')
    .argument('<docId>', 'document id (or a unique prefix of it)')
    .option('--units', 'include every unit with its text and anchor')
    .action(async (docId: string, options: GlobalOptions & { units?: boolean }) => {
      await withEngine(options, async (engine) => {
        const id = await resolveDocId(engine, docId);
        const page = await engine.invoke('getDocument', { id, limit: options.units ? 5000 : 0 });
        let units = page.units;
        // Pages of 5000 units: a long transcript has more.
        while (options.units && units.length < page.totalUnits) {
          const next = await engine.invoke('getDocument', { id, offset: units.length, limit: 5000 });
          if (next.units.length === 0) break;
          units = units.concat(next.units);
        }
        if (options.json)
          return printJson({ ...page.document, totalUnits: page.totalUnits, ...(options.units ? { units } : {}) });
        const d = page.document;
        console.log(
          `${d.title}\n  id      ${d.id}\n  kind    ${d.kind} (${d.meta.format})\n  units   ${page.totalUnits}`,
        );
        if (d.meta.pages) console.log(`  pages   ${d.meta.pages}`);
        for (const w of d.meta.warnings ?? []) console.log(`  note    ${w}`);
        for (const o of d.outline ?? [])
          console.log(`  ${'  '.repeat(o.level)}${o.title}${o.page ? `  p.${o.page}` : ''}`);
        for (const u of units) {
          const a = u.anchor;
          const where =
            a.type === 'page'
              ? `p.${a.page}`
              : a.type === 'time'
                ? `${a.start.toFixed(1)}s${a.speaker ? ` ${a.speaker}` : ''}`
                : `l.${a.line}`;
          console.log(`[${u.index}] ${where}: ${u.text.replace(/\s+/g, ' ').slice(0, 160)}`);
        }
      });
    });
}

/** Accepts a full id or a unique prefix (ids are long hashes; people paste the first few characters). */
export async function resolveDocId(engine: Engine, given: string): Promise<string> {
  const docs = await engine.invoke('listDocuments', {});
  const exact = docs.find((d) => d.id === given);
  if (exact) return exact.id;
  const matches = docs.filter((d) => d.id.startsWith(given.toLowerCase()));
  if (matches.length === 1 && matches[0]) return matches[0].id;
  if (matches.length > 1)
    throw new LecternError('INVALID_ARGUMENT', `${given} matches ${matches.length} documents; give more characters.`);
  throw new LecternError('NOT_FOUND', `No document ${given} in the library.`);
}

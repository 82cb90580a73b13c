import path from 'node:path';
import type { ImportReport } from '../../../src-shared/domain/importing';
import { chapterDocumentSteps } from '../chapters/chapterDocument';
import { runCooperatively } from '../ingest/cooperative';
import { importFiles } from '../ingest/importFile';
import type { JobRunner } from '../jobs/JobRunner';
import type { Library } from '../store/Library';
import { readDocumentFile } from '../store/readDocumentFile';
import type { Handlers } from './types';

export interface LibraryDeps {
  library: () => Library;
  jobs: JobRunner;
}

/** Import, list, read, delete and search documents. */
export function libraryHandlers({
  library,
  jobs,
}: LibraryDeps): Pick<
  Handlers,
  'importFiles' | 'listDocuments' | 'getDocument' | 'getDocumentFile' | 'deleteDocument' | 'searchUnits'
> {
  return {
    importFiles: ({ paths, password, ocr }) => {
      const resolved = paths.map((p) => path.resolve(p));
      const label =
        resolved.length === 1 ? `Importing ${path.basename(resolved[0] ?? '')}` : `Importing ${resolved.length} files`;
      // The same set of files joins a running import instead of importing twice.
      return jobs.start('import', [...resolved].sort().join('\n'), label, async (ctx): Promise<ImportReport> => ({
        results: await importFiles(
          resolved,
          library(),
          {
            ...(password !== undefined ? { password } : {}),
            ocr,
            chapter: (doc, ctx) => runCooperatively(chapterDocumentSteps(doc), ctx.signal),
          },
          ctx,
        ),
      }));
    },
    listDocuments: () => library().documents.list(),
    getDocument: ({ id, offset, limit, includeText }) => library().documents.get(id, { offset, limit, includeText }),
    getDocumentFile: ({ id }) => readDocumentFile(library(), id),
    deleteDocument: ({ id }) => ({ deleted: library().delete(id) }),
    searchUnits: ({ docId, query, limit }) => library().search.units(docId, query, limit),
  };
}

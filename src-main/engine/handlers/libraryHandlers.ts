import path from 'node:path';
import type { ImportReport } from '../../../src-shared/domain/importing';
import { chapterDocumentSteps } from '../chapters/chapterDocument';
import { runCooperatively } from '../ingest/cooperative';
import { importFiles } from '../ingest/importFile';
import type { FileGrants } from '../files/FileGrants';
import type { JobRunner } from '../jobs/JobRunner';
import type { Library } from '../store/Library';
import { readDocumentFile } from '../store/readDocumentFile';
import type { Handlers } from './types';

export interface LibraryDeps {
  library: () => Library;
  jobs: JobRunner;
  grants: FileGrants;
}

/** Import, list, read, delete and search documents. */
export function libraryHandlers({
  library,
  jobs,
  grants,
}: LibraryDeps): Pick<
  Handlers,
  'importFiles' | 'listDocuments' | 'getDocument' | 'getDocumentFile' | 'deleteDocument' | 'searchUnits'
> {
  return {
    importFiles: ({ files, password, ocr }) => {
      // Only ids the host granted resolve; an unknown one refuses the whole import before a job starts.
      const resolved = files.map((id) => grants.resolve(id));
      const label =
        resolved.length === 1 ? `Importing ${path.basename(resolved[0] ?? '')}` : `Importing ${resolved.length} files`;
      // The same set of files joins a running import instead of importing twice.
      return jobs.start('import', [...resolved].sort().join('\n'), label, async (ctx): Promise<ImportReport> => {
        const results = await importFiles(
          resolved,
          library(),
          {
            ...(password !== undefined ? { password } : {}),
            ocr,
            chapter: (doc, ctx) => runCooperatively(chapterDocumentSteps(doc), ctx.signal),
          },
          ctx,
        );
        // A path keeps its id, so this is the id the caller passed.
        return { results: results.map((r) => ({ ...r, file: grants.grant(r.path).id })) };
      });
    },
    listDocuments: () => library().documents.list(),
    getDocument: ({ id, offset, limit, includeText }) => library().documents.get(id, { offset, limit, includeText }),
    getDocumentFile: ({ id }) => readDocumentFile(library(), id),
    deleteDocument: ({ id }) => ({ deleted: library().delete(id) }),
    searchUnits: ({ docId, query, limit }) => library().search.units(docId, query, limit),
  };
}

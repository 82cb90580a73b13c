/** Where a chapter came from: the document's own structure, the segmenter, a model, or the user. */
export type ChapterSource = 'outline' | 'headings' | 'segmented' | 'model' | 'user';

export interface Chapter {
  /** 0-based position among the document's chapters. */
  index: number;
  title: string;
  /** 1 = chapter, 2 = section, ... */
  level: number;
  /** First unit (inclusive) and end unit (exclusive) of the chapter's own text, up to the next chapter of any level. */
  startUnit: number;
  endUnit: number;
  source: ChapterSource;
  /** Where it starts: page for PDFs, seconds for transcripts. */
  page?: number;
  time?: number;
  /** True once the user renamed, merged or split it: re-chaptering keeps it unless asked to redo. */
  edited: boolean;
}

export type ChapterExportFormat = 'json' | 'podcast' | 'vtt' | 'youtube' | 'md';

export interface ChapterExport {
  format: ChapterExportFormat;
  fileName: string;
  mimeType: string;
  content: string;
}

/** The first schema: documents, their units (with anchors) and an FTS5 index over unit text. */
export const up = `
CREATE TABLE documents (
  id          TEXT PRIMARY KEY,           -- sha256 of the file bytes
  title       TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('pdf', 'transcript', 'text')),
  text        TEXT NOT NULL,
  meta        TEXT NOT NULL,              -- JSON DocumentMeta
  outline     TEXT,                       -- JSON OutlineEntry[]
  unit_count  INTEGER NOT NULL,
  chars       INTEGER NOT NULL,
  source_path TEXT NOT NULL,
  imported_at INTEGER NOT NULL
);

CREATE TABLE units (
  doc_id        TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  idx           INTEGER NOT NULL,
  start         INTEGER NOT NULL,
  end           INTEGER NOT NULL,
  anchor        TEXT NOT NULL,            -- JSON Anchor
  heading_level INTEGER,
  PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;

-- Keyword search over units. Porter stemming so "compress" finds "compression".
CREATE VIRTUAL TABLE units_fts USING fts5(
  text, doc_id UNINDEXED, idx UNINDEXED,
  tokenize = 'porter unicode61 remove_diacritics 2'
);

-- OCR results saved page by page, keyed by file hash, so an interrupted import resumes instead of starting over.
CREATE TABLE ocr_pages (
  file_hash TEXT NOT NULL,
  page      INTEGER NOT NULL,
  result    TEXT NOT NULL,                -- JSON OcrPageResult
  PRIMARY KEY (file_hash, page)
) WITHOUT ROWID;
`;

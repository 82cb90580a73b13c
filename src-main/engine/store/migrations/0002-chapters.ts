/** Chapters per document, and their titles in the keyword index (PODTILE: titles help keyword search). */
export const up = `
CREATE TABLE chapters (
  doc_id     TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  idx        INTEGER NOT NULL,
  title      TEXT NOT NULL,
  level      INTEGER NOT NULL,
  start_unit INTEGER NOT NULL,
  end_unit   INTEGER NOT NULL,
  source     TEXT NOT NULL,
  edited     INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE chapters_fts USING fts5(
  title, doc_id UNINDEXED, idx UNINDEXED,
  tokenize = 'porter unicode61 remove_diacritics 2'
);
`;

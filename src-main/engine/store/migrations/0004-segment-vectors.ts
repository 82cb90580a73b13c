/**
 * Sentence-embedding vectors per (document, embedding model, segment), so a document is embedded again only when the
 * model or a segment's text changes. Vectors are little-endian float32 BLOBs, searched by an exact scan
 * (SegmentVectors.ts says why no vector index). A plain rowid table: rows of 1.5 KB and up are the case SQLite
 * advises against WITHOUT ROWID for.
 */
export const up = `
CREATE TABLE segment_vectors (
  doc_id    TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  model_id  TEXT NOT NULL,                -- EmbeddingModel.id: weights + pooling/prefix settings
  segment   INTEGER NOT NULL,             -- Segment.index
  text_hash TEXT NOT NULL,                -- hash of the segment text the vector was computed from
  dims      INTEGER NOT NULL,
  vector    BLOB NOT NULL,                -- float32 x dims
  PRIMARY KEY (doc_id, model_id, segment)
);
CREATE INDEX segment_vectors_by_model ON segment_vectors (model_id);
`;

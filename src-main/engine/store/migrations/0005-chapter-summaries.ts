/**
 * Chapter summaries written by a chat model, the coarsest level of a document that does not fit the context even
 * compressed. Keyed by the model file's hash and the chapter's unit span: another model, or a chapter whose span
 * changed, gets its own summary; re-chaptering leaves unchanged spans' summaries valid.
 */
export const up = `
CREATE TABLE chapter_summaries (
  model_hash TEXT NOT NULL,
  doc_id     TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  start_unit INTEGER NOT NULL,
  end_unit   INTEGER NOT NULL,
  summary    TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (model_hash, doc_id, start_unit, end_unit)
) WITHOUT ROWID;
CREATE INDEX chapter_summaries_by_doc ON chapter_summaries (doc_id);
`;

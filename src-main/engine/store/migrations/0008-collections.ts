/**
 * Collections of documents, and the conversations asked about a collection (or about every document, where
 * `collection_id` is NULL). A member row goes with its document or its collection (ON DELETE CASCADE); a turn goes
 * with its collection but outlives the documents it cites (its citations then render as "document removed").
 */
export const up = `
CREATE TABLE collections (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  created_at INTEGER NOT NULL
);
CREATE TABLE collection_documents (
  collection_id TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
  doc_id        TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,
  PRIMARY KEY (collection_id, doc_id)
) WITHOUT ROWID;
CREATE INDEX collection_documents_by_doc ON collection_documents (doc_id);
CREATE TABLE scope_turns (
  id            TEXT PRIMARY KEY,
  collection_id TEXT REFERENCES collections(id) ON DELETE CASCADE,
  question      TEXT NOT NULL,
  result        TEXT NOT NULL,               -- JSON AskResult
  created_at    INTEGER NOT NULL
);
CREATE INDEX scope_turns_by_collection ON scope_turns (collection_id, created_at);
`;

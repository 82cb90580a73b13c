/** Questions asked about each document and their answers, kept across restarts. */
export const up = `
CREATE TABLE turns (
  id         TEXT PRIMARY KEY,
  doc_id     TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  question   TEXT NOT NULL,
  result     TEXT NOT NULL,               -- JSON AskResult
  created_at INTEGER NOT NULL
);
CREATE INDEX turns_by_doc ON turns (doc_id, created_at);
`;

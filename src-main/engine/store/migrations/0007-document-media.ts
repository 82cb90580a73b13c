/**
 * The recording a transcript was made from, where the user keeps it: the path only, never a copy (a podcast episode
 * or meeting recording can be gigabytes). `duration_sec` is what the player read from the file, for chapter exports.
 */
export const up = `
CREATE TABLE document_media (
  doc_id       TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  path         TEXT NOT NULL,
  duration_sec REAL,
  attached_at  INTEGER NOT NULL
) WITHOUT ROWID;
`;

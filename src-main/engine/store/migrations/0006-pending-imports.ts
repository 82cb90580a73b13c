/**
 * A document being written in several transactions (so that a large import never holds the write lock for seconds)
 * carries its writer's process id until the last one commits; readers see only rows where it is NULL, and a row
 * whose writer died is removed at the next start.
 */
export const up = `
ALTER TABLE documents ADD COLUMN pending_pid INTEGER;
`;

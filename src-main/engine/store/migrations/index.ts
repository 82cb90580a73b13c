import * as m0001 from './0001-init';
import * as m0002 from './0002-chapters';
import * as m0003 from './0003-conversations';
import * as m0004 from './0004-segment-vectors';
import * as m0005 from './0005-chapter-summaries';
import * as m0006 from './0006-pending-imports';
import * as m0007 from './0007-document-media';
import * as m0008 from './0008-collections';

/**
 * Numbered, append-only migrations: never edit one that has shipped; add the next number. `PRAGMA user_version`
 * records how many have run.
 */
export const MIGRATIONS: readonly { version: number; name: string; up: string }[] = [
  { version: 1, name: '0001-init', up: m0001.up },
  { version: 2, name: '0002-chapters', up: m0002.up },
  { version: 3, name: '0003-conversations', up: m0003.up },
  { version: 4, name: '0004-segment-vectors', up: m0004.up },
  { version: 5, name: '0005-chapter-summaries', up: m0005.up },
  { version: 6, name: '0006-pending-imports', up: m0006.up },
  { version: 7, name: '0007-document-media', up: m0007.up },
  { version: 8, name: '0008-collections', up: m0008.up },
];

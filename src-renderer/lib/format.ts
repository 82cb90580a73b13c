import type { Anchor } from '../../src-shared/contract';
import { formatTime } from '../../src-shared/formatTime';

export { formatTime };

export function formatDuration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** The short label of a place in a document: `p.34`, `41:05` or `line 12`. */
export function anchorLabel(anchor: Anchor): string {
  if (anchor.type === 'page') return `p.${anchor.page}`;
  if (anchor.type === 'time') return formatTime(anchor.start);
  return `line ${anchor.line}`;
}

/** The file name of a path from either platform (the renderer has no `path` module). */
export function baseName(filePath: string): string {
  return filePath.split(/[\\/]/).pop() ?? filePath;
}

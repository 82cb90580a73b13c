/**
 * The one time formatter. `player` (the default) is how players show time, so citations read like timestamps
 * people already know: `41:05`, `1:02:03`. `fixed` is always `hh:mm:ss`, for labels the model reads, which keep one
 * shape whatever the length of the recording.
 */
export function formatTime(seconds: number, style: 'player' | 'fixed' = 'player'): string {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (style === 'fixed') return `${pad(h)}:${pad(m)}:${pad(s)}`;
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

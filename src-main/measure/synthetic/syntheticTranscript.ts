import { writeFileSync } from 'node:fs';

const WORDS =
  'river lantern harbour keeper signal beacon granite tide shoal fog horn lens prism mercury clockwork ledger storm'.split(
    ' ',
  );

function stamp(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  const ms = Math.round((seconds % 1) * 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)},${pad(ms, 3)}`;
}

/** Writes an SRT of `cues` cues (deterministic text), for `lectern bench import` and crash tests. Returns its size in bytes. */
export function writeSyntheticSrt(file: string, cues: number): number {
  const parts: string[] = [];
  for (let i = 0; i < cues; i++) {
    const words = Array.from({ length: 12 }, (_, j) => WORDS[(i * 7 + j * 3) % WORDS.length]).join(' ');
    parts.push(`${i + 1}\n${stamp(i * 3)} --> ${stamp(i * 3 + 2.5)}\nSpeaker ${(i % 3) + 1}: ${words} number ${i}.\n`);
  }
  const text = parts.join('\n');
  writeFileSync(file, text);
  return Buffer.byteLength(text);
}

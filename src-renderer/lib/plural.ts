/** "1 chapter", "53 chapters", "1,204 pages": a count with its noun (English plurals by -s, or the one given). */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? noun : plural}`;
}

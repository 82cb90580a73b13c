/** "1.7B params", "58M params": a small model is not "0.0 B". */
export function formatParams(count: number): string {
  if (count >= 1e9) return `${(count / 1e9).toFixed(count >= 1e10 ? 0 : 1)}B params`;
  if (count >= 1e6) return `${Math.round(count / 1e6)}M params`;
  return `${Math.round(count / 1e3)}K params`;
}

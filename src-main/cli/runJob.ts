import type { JobKind, JobProgress, JobStarted, JobValues } from '../../src-shared/contract';
import { LecternError } from '../../src-shared/errors';
import type { Engine } from '../engine/Engine';

/**
 * Waits for a job started through the contract, printing progress on stderr (never stdout, which carries the
 * result), and cancels it on Ctrl+C so the library is left as it was.
 */
export async function runJob<K extends JobKind>(
  engine: Engine,
  started: JobStarted<K>,
  options: { quiet?: boolean } = {},
): Promise<JobValues[K]> {
  const showProgress = !options.quiet && process.stderr.isTTY;
  const off = engine.events.on('job:progress', (p: JobProgress) => {
    if (p.jobId !== started.jobId || !showProgress) return;
    const item = p.item ? `[${p.item.index + 1}/${p.item.count}] ${p.item.name}: ` : '';
    const count = p.total > 1 ? ` ${p.done}/${p.total}` : '';
    process.stderr.write(`\r\x1b[2K${item}${p.phase}${count}${p.message ? ` (${p.message})` : ''}`);
  });
  const cancel = () => engine.jobs.cancel(started.jobId);
  process.once('SIGINT', cancel);
  try {
    const result = await engine.jobs.wait(started);
    if (showProgress) process.stderr.write('\r\x1b[2K');
    if (!result.ok) throw new LecternError(result.error.code, result.error.message, result.error.detail);
    return result.value;
  } finally {
    off();
    process.off('SIGINT', cancel);
  }
}

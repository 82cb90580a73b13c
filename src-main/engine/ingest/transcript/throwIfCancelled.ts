import { LecternError } from '../../../../src-shared/errors';
import type { StageContext } from '../../jobs/JobRunner';

/** Parsers call this between units of work so a cancelled import stops with the contract's `CANCELLED` code. */
export function throwIfCancelled(ctx: StageContext): void {
  if (ctx.signal.aborted) throw new LecternError('CANCELLED', 'Cancelled.');
}

import type { LecternApi } from '../../src-shared/contract';

/** How often streamed text reaches the store: fast enough to feel live, slow enough to never re-render per token. */
const FLUSH_MS = 50;

/**
 * Collects `answer:token` text per job outside React and hands it to the store in batches, so a fast model writing
 * hundreds of tokens a second causes at most ~20 renders a second.
 */
export function startTokenBatcher(client: LecternApi, flush: (chunks: Map<string, string>) => void): () => void {
  let pending = new Map<string, string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    timer = undefined;
    if (pending.size === 0) return;
    const chunks = pending;
    pending = new Map();
    flush(chunks);
  };
  const off = client.on('answer:token', ({ jobId, text }) => {
    pending.set(jobId, (pending.get(jobId) ?? '') + text);
    timer ??= setTimeout(run, FLUSH_MS);
  });
  return () => {
    off();
    if (timer) clearTimeout(timer);
    run();
  };
}

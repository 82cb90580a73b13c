import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src-main/engine/Engine';
import { EventBus } from '../../../src-main/engine/events/EventBus';
import { askHandlers } from '../../../src-main/engine/handlers/askHandlers';
import type { Asker } from '../../../src-main/engine/qa/Asker';
import { JobRunner } from '../../../src-main/engine/jobs/JobRunner';
import { REPO_ROOT } from '../../support/serveProcess';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-stop-'));
const engine = new Engine({ libraryDir: path.join(dir, 'lib'), modelsDir: path.join(dir, 'm'), threads: 1 });
let docId = '';

beforeAll(async () => {
  const started = await engine.importPaths({
    paths: [path.join(REPO_ROOT, 'resources/samples/sample-podcast.vtt')],
  });
  const done = await engine.jobs.wait(started);
  if (!done.ok) throw new Error(done.error.message);
  docId = done.value.results[0]!.docId!;
});
afterAll(() => engine.dispose());

/**
 * A model side that is stuck in one phase until the test lets it go: before any token (waiting on the sequence or
 * a batch evaluation, which cannot be interrupted) or mid-answer after some text. What Stop must do does not depend
 * on the model: the ask job ends on cancel, before the stuck work settles.
 */
function stuckAsker(phase: 'waiting' | 'answering') {
  let release = () => undefined as void;
  const settled = new Promise<void>((resolve) => (release = resolve));
  const asker: Asker = {
    id: 'stuck',
    countTokens: (text) => text.split(/\s+/).length,
    ask: async ({ onText }, ctx) => {
      ctx.onProgress({ phase, done: 0, total: 1 });
      if (phase === 'answering') onText('The lens bends');
      await settled;
      throw new Error('the stuck work settled after the job had ended');
    },
    estimate: () => Promise.reject(new Error('unused')),
    prepare: () => Promise.reject(new Error('unused')),
  };
  return { asker, release };
}

describe('Stop ends a question in every phase', () => {
  for (const phase of ['waiting', 'answering'] as const) {
    it(`while ${phase}: the job ends cancelled before the work settles, and the question stays with a note`, async () => {
      const events = new EventBus();
      const jobs = new JobRunner(events, { throttleMs: 0 });
      const { asker, release } = stuckAsker(phase);
      const handlers = askHandlers({ library: () => engine.library, jobs, events, asker: () => asker });
      const order: string[] = [];
      events.on('job:progress', (p) => order.push(`progress:${p.phase}`));
      events.on('answer:token', () => order.push('token'));
      const done = new Promise<void>((resolve) =>
        events.on('job:done', (d) => {
          order.push(`done:${d.ok ? 'ok' : d.error.code}`);
          resolve();
        }),
      );
      const { jobId } = await handlers.ask({ docId, question: `Stop me while ${phase}`, ratio: 4 });
      await new Promise<void>((resolve) => events.on('job:progress', (p) => p.phase === phase && resolve()));
      order.push('stop');
      jobs.cancel(jobId);
      await done;
      order.push('work settled');
      release();
      expect(order.slice(order.indexOf('stop'))).toEqual(['stop', 'done:CANCELLED', 'work settled']);
      const kept = engine.library.conversations.list(docId).find((t) => t.question === `Stop me while ${phase}`);
      expect(kept?.result.outcome).toBe('stopped');
      if (phase === 'answering') {
        expect(kept?.result.answer).toBe('The lens bends');
        expect(kept?.result.note).toBe('Stopped.');
      } else {
        expect(kept?.result.note).toBe('Stopped before any answer.');
      }
    });
  }
});

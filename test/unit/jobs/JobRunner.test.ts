import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventName, Events, PrepareOutcome } from '../../../src-shared/contract';
import { EventBus } from '../../../src-main/engine/events/EventBus';
import { JobRunner, throwIfCancelled } from '../../../src-main/engine/jobs/JobRunner';

function recorder() {
  const bus = new EventBus();
  const events: { name: EventName; payload: Events[EventName] }[] = [];
  bus.subscribe((name, payload) => events.push({ name, payload }));
  return { bus, events };
}

// Fake timers: the throttle and the waits below are exact, so the counts asserted do not depend on the machine's load.
beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const outcome = (reason: string): PrepareOutcome => ({ prepared: true, reason });
const emptyReport = { results: [] };

/** Runs every timer the jobs set until none is left, then returns what `promise` resolved to. */
async function settle<T>(promise: Promise<T>): Promise<T> {
  await vi.runAllTimersAsync();
  return promise;
}

describe('JobRunner', () => {
  it('returns a job id and its kind at once and reports done with the value', async () => {
    const { bus, events } = recorder();
    const runner = new JobRunner(bus);
    const started = runner.start('compress', 'a', 'Prepare a', () => Promise.resolve(outcome('a')));
    expect(started).toMatchObject({ kind: 'compress', joined: false });
    expect(runner.list()[0]?.state).toBe('running');
    expect(await settle(runner.wait(started))).toEqual({ ok: true, value: outcome('a') });
    const done = events.find((e) => e.name === 'job:done');
    expect(done?.payload).toEqual({ jobId: started.jobId, kind: 'compress', ok: true, value: outcome('a') });
    expect(runner.list()[0]?.state).toBe('done');
  });

  it('refuses to wait for a job as another kind than it was started as', async () => {
    const runner = new JobRunner(new EventBus());
    const { jobId } = runner.start('compress', 'a', 'x', () => Promise.resolve(outcome('a')));
    const wrong = await settle(runner.wait({ jobId, kind: 'ask' }));
    expect(wrong).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(await runner.wait({ jobId: 'nope', kind: 'ask' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('joins a running job of the same kind and key instead of starting it again', async () => {
    const runner = new JobRunner(new EventBus());
    let runs = 0;
    const work = async () => {
      runs++;
      await sleep(20);
      return outcome(String(runs));
    };
    const a = runner.start('compress', 'doc1:r4', 'x', work);
    const b = runner.start('compress', 'doc1:r4', 'x', work);
    const c = runner.start('compress', 'doc1:r8', 'x', work);
    expect(b).toEqual({ jobId: a.jobId, kind: 'compress', joined: true });
    expect(c.jobId).not.toBe(a.jobId);
    await settle(Promise.all([runner.wait(a), runner.wait(c)]));
    expect(runs).toBe(2);
  });

  it('cancels through the signal and reports CANCELLED as an outcome', async () => {
    const { bus, events } = recorder();
    const runner = new JobRunner(bus);
    let steps = 0;
    const started = runner.start('import', 'slow', 'slow', async ({ signal }) => {
      for (let i = 0; i < 1000; i++) {
        throwIfCancelled(signal);
        steps++;
        await sleep(2);
      }
      return emptyReport;
    });
    await vi.advanceTimersByTimeAsync(20);
    expect(runner.cancel(started.jobId)).toBe(true);
    const result = await settle(runner.wait(started));
    expect(result).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    // Ten or eleven 2 ms steps fit in 20 ms: the cancel ended the loop at the next check, not at its end.
    expect(steps).toBeGreaterThanOrEqual(10);
    expect(steps).toBeLessThanOrEqual(12);
    expect(runner.list().find((j) => j.jobId === started.jobId)?.state).toBe('cancelled');
    expect(events.filter((e) => e.name === 'job:done')).toHaveLength(1);
    expect(runner.cancel(started.jobId)).toBe(false);
  });

  it('maps a thrown error to a failed job without throwing', async () => {
    const runner = new JobRunner(new EventBus());
    const started = runner.start('import', 'bad', 'bad', () => Promise.reject(new Error('boom')));
    const result = await settle(runner.wait(started));
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(runner.list()[0]?.state).toBe('failed');
  });

  it('throttles progress but always delivers the last update', async () => {
    const { bus, events } = recorder();
    const runner = new JobRunner(bus, { throttleMs: 50 });
    const started = runner.start('import', 'p', 'p', async ({ onProgress }) => {
      for (let i = 1; i <= 200; i++) onProgress({ phase: 'reading', done: i, total: 400 });
      await sleep(80);
      onProgress({ phase: 'reading', done: 250, total: 400 });
      return emptyReport;
    });
    await settle(runner.wait(started));
    const progress = events.filter((e) => e.name === 'job:progress').map((e) => e.payload as Events['job:progress']);
    // The first update at once, the newest of the burst when the 50 ms window ends, the last one when the job ends.
    expect(progress.map((p) => p.done)).toEqual([1, 200, 250]);
    // Progress never arrives after done.
    const names = events.map((e) => e.name);
    expect(names.lastIndexOf('job:progress')).toBeLessThan(names.indexOf('job:done'));
  });

  it('lists a running job with its latest progress, even one the throttle has not sent yet', async () => {
    const { bus, events } = recorder();
    const runner = new JobRunner(bus, { throttleMs: 1000 });
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const started = runner.start('import', 'p', 'p', async ({ onProgress }) => {
      onProgress({ phase: 'reading', done: 1, total: 10 });
      onProgress({ phase: 'chapters', done: 0, total: 1, item: { index: 0, count: 2, name: 'a.srt' } });
      await gate;
      return emptyReport;
    });
    expect(runner.list()[0]?.progress).toBeUndefined();
    await vi.advanceTimersByTimeAsync(10);
    const sent = events.filter((e) => e.name === 'job:progress').map((e) => e.payload as Events['job:progress']);
    expect(sent.map((p) => p.phase)).toEqual(['reading']);
    expect(runner.list()[0]?.progress).toEqual({
      jobId: started.jobId,
      kind: 'import',
      phase: 'chapters',
      done: 0,
      total: 1,
      item: { index: 0, count: 2, name: 'a.srt' },
    });
    release();
    await settle(runner.wait(started));
    expect(runner.list()[0]?.state).toBe('done');
    expect(runner.list()[0]?.progress).toBeUndefined();
  });

  it('dispose cancels running jobs and waits for them', async () => {
    const runner = new JobRunner(new EventBus());
    let finished = false;
    runner.start('import', 'long', 'long', async ({ signal }) => {
      while (!signal.aborted) await sleep(2);
      finished = true;
      throwIfCancelled(signal);
      return emptyReport;
    });
    await vi.advanceTimersByTimeAsync(10);
    await settle(runner.dispose());
    expect(finished).toBe(true);
    expect(runner.list()[0]?.state).toBe('cancelled');
  });
});

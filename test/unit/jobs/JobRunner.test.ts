import { describe, expect, it } from 'vitest';
import type { EventName, Events } from '../../../src-shared/contract';
import { EventBus } from '../../../src-main/engine/events/EventBus';
import { JobRunner, throwIfCancelled } from '../../../src-main/engine/jobs/JobRunner';

function recorder() {
  const bus = new EventBus();
  const events: { name: EventName; payload: Events[EventName] }[] = [];
  bus.subscribe((name, payload) => events.push({ name, payload }));
  return { bus, events };
}

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('JobRunner', () => {
  it('returns a job id at once and reports done with the value', async () => {
    const { bus, events } = recorder();
    const runner = new JobRunner(bus);
    const started = runner.start('import', 'a', 'Import a', () => Promise.resolve(42));
    expect(started.joined).toBe(false);
    expect(runner.list()[0]?.state).toBe('running');
    expect(await runner.wait(started.jobId)).toEqual({ ok: true, value: 42 });
    const done = events.find((e) => e.name === 'job:done');
    expect(done?.payload).toMatchObject({ jobId: started.jobId, ok: true, value: 42 });
    expect(runner.list()[0]?.state).toBe('done');
  });

  it('joins a running job of the same kind and key instead of starting it again', async () => {
    const runner = new JobRunner(new EventBus());
    let runs = 0;
    const work = async () => {
      runs++;
      await tick(20);
      return runs;
    };
    const a = runner.start('compress', 'doc1:r4', 'x', work);
    const b = runner.start('compress', 'doc1:r4', 'x', work);
    const c = runner.start('compress', 'doc1:r8', 'x', work);
    expect(b).toEqual({ jobId: a.jobId, joined: true });
    expect(c.jobId).not.toBe(a.jobId);
    await runner.wait(a.jobId);
    await runner.wait(c.jobId);
    expect(runs).toBe(2);
  });

  it('cancels through the signal and reports CANCELLED as an outcome', async () => {
    const { bus, events } = recorder();
    const runner = new JobRunner(bus);
    let steps = 0;
    const { jobId } = runner.start('import', 'slow', 'slow', async ({ signal }) => {
      for (let i = 0; i < 1000; i++) {
        throwIfCancelled(signal);
        steps++;
        await tick(2);
      }
    });
    await tick(20);
    expect(runner.cancel(jobId)).toBe(true);
    const result = await runner.wait(jobId);
    expect(result).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(steps).toBeLessThan(1000);
    expect(runner.list().find((j) => j.jobId === jobId)?.state).toBe('cancelled');
    expect(events.filter((e) => e.name === 'job:done')).toHaveLength(1);
    expect(runner.cancel(jobId)).toBe(false);
  });

  it('maps a thrown error to a failed job without throwing', async () => {
    const runner = new JobRunner(new EventBus());
    const { jobId } = runner.start('import', 'bad', 'bad', () => Promise.reject(new Error('boom')));
    const result = await runner.wait(jobId);
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(runner.list()[0]?.state).toBe('failed');
  });

  it('throttles progress but always delivers the last update', async () => {
    const { bus, events } = recorder();
    const runner = new JobRunner(bus, { throttleMs: 50 });
    const { jobId } = runner.start('import', 'p', 'p', async ({ onProgress }) => {
      for (let i = 1; i <= 200; i++) onProgress({ phase: 'reading', done: i, total: 400 });
      await tick(80);
      onProgress({ phase: 'reading', done: 250, total: 400 });
    });
    await runner.wait(jobId);
    const progress = events.filter((e) => e.name === 'job:progress').map((e) => e.payload as Events['job:progress']);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.length).toBeLessThan(10);
    expect(progress.at(-1)?.done).toBe(250);
    // Progress never arrives after done.
    const names = events.map((e) => e.name);
    expect(names.lastIndexOf('job:progress')).toBeLessThan(names.indexOf('job:done'));
  });

  it('lists a running job with its latest progress, even one the throttle has not sent yet', async () => {
    const { bus, events } = recorder();
    const runner = new JobRunner(bus, { throttleMs: 1000 });
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { jobId } = runner.start('import', 'p', 'p', async ({ onProgress }) => {
      onProgress({ phase: 'reading', done: 1, total: 10 });
      onProgress({ phase: 'chapters', done: 0, total: 1, item: { index: 0, count: 2, name: 'a.srt' } });
      await gate;
    });
    expect(runner.list()[0]?.progress).toBeUndefined();
    await tick(10);
    const sent = events.filter((e) => e.name === 'job:progress').map((e) => e.payload as Events['job:progress']);
    expect(sent.map((p) => p.phase)).toEqual(['reading']);
    expect(runner.list()[0]?.progress).toEqual({
      jobId,
      kind: 'import',
      phase: 'chapters',
      done: 0,
      total: 1,
      item: { index: 0, count: 2, name: 'a.srt' },
    });
    release();
    await runner.wait(jobId);
    expect(runner.list()[0]?.state).toBe('done');
    expect(runner.list()[0]?.progress).toBeUndefined();
  });

  it('dispose cancels running jobs and waits for them', async () => {
    const runner = new JobRunner(new EventBus());
    let finished = false;
    runner.start('import', 'long', 'long', async ({ signal }) => {
      while (!signal.aborted) await tick(2);
      finished = true;
      throwIfCancelled(signal);
    });
    await tick(10);
    await runner.dispose();
    expect(finished).toBe(true);
    expect(runner.list()[0]?.state).toBe('cancelled');
  });
});

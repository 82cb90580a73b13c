import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../src-main/engine/events/EventBus';
import { JobRunner } from '../../../src-main/engine/jobs/JobRunner';
import { YieldGate } from '../../../src-main/engine/jobs/YieldGate';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('YieldGate', () => {
  it('lets work pass only when no question holds it', async () => {
    const gate = new YieldGate();
    const order: string[] = [];
    const release = gate.hold();
    const passed = gate.pass().then(() => order.push('passed'));
    await tick();
    order.push('question done');
    release();
    release(); // twice is harmless
    await passed;
    expect(order).toEqual(['question done', 'passed']);
    expect(gate.held).toBe(false);
    await gate.pass(); // free: resolves at once
  });
});

describe('JobRunner pause', () => {
  it('holds a pausable job at its pause point until resumed, and a cancel wakes it', async () => {
    const events = new EventBus();
    const jobs = new JobRunner(events, { throttleMs: 0 });
    const reached: number[] = [];
    const work = (n: number) => async (ctx: { pausePoint?: () => Promise<void> }) => {
      for (let i = 0; i < n; i++) {
        await ctx.pausePoint?.();
        reached.push(i);
        await tick();
      }
      return { prepared: true, resumedSegments: reached.length };
    };
    const first = jobs.start('prepare', 'doc:4', 'Preparing', work(50), { pausable: true });
    const { jobId } = first;
    await tick();
    await tick();
    expect(jobs.pause(jobId)).toBe(true);
    expect(jobs.pause(jobId)).toBe(false);
    await tick();
    const at = reached.length;
    for (let i = 0; i < 5; i++) await tick();
    expect(reached.length).toBe(at);
    expect(jobs.list().find((j) => j.jobId === jobId)?.paused).toBe(true);
    expect(jobs.resume(jobId)).toBe(true);
    await expect(jobs.wait(first)).resolves.toEqual({ ok: true, value: { prepared: true, resumedSegments: 50 } });

    const second = jobs.start('prepare', 'doc:8', 'Preparing', work(50), { pausable: true });
    await tick();
    jobs.pause(second.jobId);
    jobs.cancel(second.jobId);
    await expect(jobs.wait(second)).resolves.toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
  });

  it('refuses to pause a job that has no pause points', async () => {
    const jobs = new JobRunner(new EventBus());
    const started = jobs.start(
      'prepare',
      'q',
      'Preparing',
      () => new Promise<{ prepared: boolean }>((r) => setTimeout(() => r({ prepared: true }), 20)),
    );
    expect(jobs.pause(started.jobId)).toBe(false);
    await jobs.wait(started);
  });
});

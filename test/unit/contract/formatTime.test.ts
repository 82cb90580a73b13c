import { describe, expect, it } from 'vitest';
import { formatTime } from '../../../src-shared/formatTime';

describe('formatTime', () => {
  it('shows time as players do, hours only when there are some', () => {
    expect(formatTime(0)).toBe('0:00');
    expect(formatTime(2465.9)).toBe('41:05');
    expect(formatTime(3723)).toBe('1:02:03');
    expect(formatTime(-3)).toBe('0:00');
  });

  it('keeps one hh:mm:ss shape for labels the model reads', () => {
    expect(formatTime(2465.4, 'fixed')).toBe('00:41:05');
    expect(formatTime(36_000, 'fixed')).toBe('10:00:00');
  });
});

import { describe, expect, it } from 'vitest';
import type { CompressionEstimate } from '../../../src-shared/domain/answer';
import { modeText } from '../../../src-renderer/features/chat/modeText';

const estimate = (extra: Partial<CompressionEstimate>): CompressionEstimate => ({
  ratio: 4,
  docTokens: 1000,
  keptTokens: 250,
  kvBytes: 0,
  state: 'ready',
  ...extra,
});

describe('the slider says which way a model compresses', () => {
  it('names KV pruning, the text mode and why, and the server', () => {
    expect(modeText(estimate({ compression: 'kv', attention: 'full' }))).toMatch(/KV mode: pruned/);
    expect(modeText(estimate({ compression: 'kv', attention: 'sliding-window' }))).toMatch(/full sliding-window cache/);
    expect(modeText(estimate({ compression: 'text', attention: 'recurrent' }))).toMatch(
      /Text mode \(recurrent model\): words are left out/,
    );
    expect(modeText(estimate({ compression: 'text', attention: 'hybrid' }))).toMatch(/hybrid recurrent model/);
    expect(modeText(estimate({ compression: 'text', attention: 'sliding-window' }))).toMatch(/full cache does not fit/);
    expect(modeText(estimate({ compression: 'server' }))).toMatch(/Server: the compressed text is sent first/);
    expect(modeText(estimate({}))).toBe('');
  });
});

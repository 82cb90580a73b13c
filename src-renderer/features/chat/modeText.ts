import type { CompressionEstimate } from '../../../src-shared/contract';

/** What a model whose memory cannot be pruned is, in words. */
const ATTENTION_TEXT = {
  recurrent: 'recurrent model',
  hybrid: 'hybrid recurrent model',
  'sliding-window': 'sliding-window model whose full cache does not fit',
  full: 'model',
} as const;

/** Which way the dropped words are dropped: from the KV cache, from the text (this model, or a server). */
export function modeText(v: CompressionEstimate): string {
  if (v.compression === 'server') return ' · Server: the compressed text is sent first, the same for every question';
  if (v.compression === 'text')
    return ` · Text mode (${ATTENTION_TEXT[v.attention ?? 'full']}): words are left out before the model reads them, nothing is pruned from its memory`;
  if (v.compression === 'kv')
    return v.attention === 'sliding-window'
      ? ' · KV mode: pruned from the model’s memory (full sliding-window cache)'
      : ' · KV mode: pruned from the model’s memory';
  return '';
}

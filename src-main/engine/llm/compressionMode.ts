import type { GgufInsights } from 'node-llama-cpp';
import type { CompressionMode } from '../../../src-shared/domain/model';

/**
 * The attention layout a GGUF header declares, as llama.cpp reads it: node-llama-cpp asks llama.cpp itself whether
 * the architecture is recurrent (Mamba, RWKV) or hybrid (Jamba, Qwen3-Next, Falcon-H1, Granite hybrid...), and reads
 * the sliding window from `<arch>.attention.sliding_window` (Gemma 2/3, Cohere 2...).
 */
export function attentionLayout(insights: GgufInsights): Pick<CompressionMode, 'attention' | 'swaSize'> {
  if (insights.isRecurrent) return { attention: 'recurrent' };
  if (insights.isHybrid) return { attention: 'hybrid' };
  const swaSize = insights.swaSize;
  if (swaSize !== undefined) return { attention: 'sliding-window', swaSize };
  return { attention: 'full' };
}

/**
 * Whether erasing token ranges works for this layout: llama.cpp can remove any cells from a plain KV cache and from
 * a full-size one of a sliding-window model, but a windowed cache has already dropped what slid out, and a recurrent
 * state holds no per-token cells at all (node-llama-cpp then re-evaluates the whole sequence on every erase).
 */
export function compressionModeOf(
  layout: Pick<CompressionMode, 'attention' | 'swaSize'>,
  swaFullCache: boolean,
  swaFullCacheExtraBytes?: number,
): CompressionMode {
  const prunable = layout.attention === 'full' || (layout.attention === 'sliding-window' && swaFullCache);
  return {
    mode: prunable ? 'kv' : 'text',
    ...layout,
    ...(swaFullCacheExtraBytes !== undefined ? { swaFullCacheExtraBytes } : {}),
  };
}

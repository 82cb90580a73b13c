/**
 * Token states [batch, sequence, dims] (row-major, as onnxruntime returns them) to one vector per row: the mean over
 * the positions whose mask is 1 (sentence-transformers' mean pooling), or the first position (CLS pooling).
 */
export function poolTokenStates(
  states: Float32Array,
  mask: ArrayLike<number | bigint>,
  batch: number,
  sequence: number,
  dims: number,
  mode: 'mean' | 'cls',
): Float32Array[] {
  const out: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const vector = new Float32Array(dims);
    const rowStart = b * sequence * dims;
    if (mode === 'cls') {
      vector.set(states.subarray(rowStart, rowStart + dims));
    } else {
      // Accumulate in float64: a 512-token sum in float32 loses digits the mean then keeps.
      const sum = new Float64Array(dims);
      let count = 0;
      for (let s = 0; s < sequence; s++) {
        if (Number(mask[b * sequence + s] ?? 0) === 0) continue;
        count++;
        const offset = rowStart + s * dims;
        for (let d = 0; d < dims; d++) sum[d] = (sum[d] ?? 0) + (states[offset + d] ?? 0);
      }
      for (let d = 0; d < dims; d++) vector[d] = (sum[d] ?? 0) / Math.max(1, count);
    }
    out.push(vector);
  }
  return out;
}

/** Scales a vector to unit length in place (a zero vector stays zero), so a dot product is the cosine. */
export function l2Normalize(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] ?? 0) / norm;
  return vector;
}

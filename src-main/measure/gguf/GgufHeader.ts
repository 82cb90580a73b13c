/** GGUF metadata value types (enum gguf_type). */
const ValueType = { uint32: 4, int32: 5, float32: 6, bool: 7, string: 8, array: 9 } as const;

export type TensorInfo = { name: string; dims: readonly number[]; type: number; offset: number };

/**
 * Builds the part of a GGUF v3 file before the tensor data: magic, version, counts, metadata key/values and tensor
 * infos, all little-endian. Kept in memory because even a 32k-token vocabulary is well under a megabyte; the tensor
 * data, which is large, is streamed separately by the caller.
 */
export class GgufHeader {
  private readonly metadata: Buffer[] = [];
  private metadataCount = 0;

  uint32(key: string, value: number): this {
    return this.entry(key, ValueType.uint32, uint32Bytes(value));
  }

  float32(key: string, value: number): this {
    const bytes = Buffer.alloc(4);
    bytes.writeFloatLE(value);
    return this.entry(key, ValueType.float32, bytes);
  }

  bool(key: string, value: boolean): this {
    return this.entry(key, ValueType.bool, Buffer.from([value ? 1 : 0]));
  }

  string(key: string, value: string): this {
    return this.entry(key, ValueType.string, stringBytes(value));
  }

  stringArray(key: string, values: readonly string[]): this {
    return this.entry(
      key,
      ValueType.array,
      Buffer.concat([arrayHead(ValueType.string, values.length), ...values.map(stringBytes)]),
    );
  }

  float32Array(key: string, values: readonly number[]): this {
    const body = Buffer.alloc(values.length * 4);
    values.forEach((value, i) => body.writeFloatLE(value, i * 4));
    return this.entry(key, ValueType.array, Buffer.concat([arrayHead(ValueType.float32, values.length), body]));
  }

  int32Array(key: string, values: readonly number[]): this {
    const body = Buffer.alloc(values.length * 4);
    values.forEach((value, i) => body.writeInt32LE(value, i * 4));
    return this.entry(key, ValueType.array, Buffer.concat([arrayHead(ValueType.int32, values.length), body]));
  }

  /** The header bytes, padded so that the tensor data that follows starts on an `alignment` boundary. */
  encode(tensors: readonly TensorInfo[], alignment: number): Buffer {
    const start = Buffer.alloc(4 + 4 + 8 + 8);
    start.write('GGUF', 0, 'ascii');
    start.writeUInt32LE(3, 4);
    start.writeBigUInt64LE(BigInt(tensors.length), 8);
    start.writeBigUInt64LE(BigInt(this.metadataCount), 16);
    const infos = tensors.map((tensor) => {
      // ne[0] first: the fastest-varying (input) dimension, as ggml stores it.
      const dims = Buffer.alloc(4 + tensor.dims.length * 8 + 4 + 8);
      dims.writeUInt32LE(tensor.dims.length, 0);
      tensor.dims.forEach((dim, i) => dims.writeBigUInt64LE(BigInt(dim), 4 + i * 8));
      dims.writeUInt32LE(tensor.type, 4 + tensor.dims.length * 8);
      dims.writeBigUInt64LE(BigInt(tensor.offset), 8 + tensor.dims.length * 8);
      return Buffer.concat([stringBytes(tensor.name), dims]);
    });
    const unpadded = Buffer.concat([start, ...this.metadata, ...infos]);
    return Buffer.concat([unpadded, Buffer.alloc(paddingFor(unpadded.length, alignment))]);
  }

  private entry(key: string, type: number, value: Buffer): this {
    this.metadata.push(stringBytes(key), uint32Bytes(type), value);
    this.metadataCount++;
    return this;
  }
}

export function paddingFor(length: number, alignment: number): number {
  return (alignment - (length % alignment)) % alignment;
}

function stringBytes(value: string): Buffer {
  const text = Buffer.from(value, 'utf8');
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(text.length));
  return Buffer.concat([length, text]);
}

function uint32Bytes(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value);
  return bytes;
}

function arrayHead(elementType: number, count: number): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt32LE(elementType, 0);
  head.writeBigUInt64LE(BigInt(count), 4);
  return head;
}

import type * as OnnxRuntimeModule from 'onnxruntime-node';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { LecternError } from '../../../src-shared/errors';

type OnnxRuntime = typeof OnnxRuntimeModule;

let runtime: Promise<OnnxRuntime> | undefined;

/**
 * onnxruntime-node is loaded on first use, not at startup: the models are optional, the native library is large,
 * and a binary that fails to load should cost the user the ONNX features, not the app.
 */
export function loadOnnxRuntime(): Promise<OnnxRuntime> {
  runtime ??= import('onnxruntime-node').catch((error: unknown) => {
    runtime = undefined;
    throw new LecternError('INTERNAL', `The ONNX runtime could not be loaded: ${(error as Error).message}`);
  });
  return runtime;
}

export interface SessionOptions {
  /** Threads for one inference (intra-op). Default 1; ONNX Runtime's own default takes every core. */
  threads?: number;
}

/**
 * Opens an ONNX model on the CPU. Anything onnxruntime rejects (missing, truncated or non-ONNX file, unsupported
 * operator) becomes `ONNX_MODEL_INVALID` naming the file, so a bad download is reported, never a crash.
 */
export async function createOnnxSession(modelPath: string, options: SessionOptions = {}): Promise<InferenceSession> {
  const ort = await loadOnnxRuntime();
  try {
    return await ort.InferenceSession.create(modelPath, {
      executionProviders: ['cpu'],
      intraOpNumThreads: Math.max(1, Math.floor(options.threads ?? 1)),
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
  } catch (error) {
    throw new LecternError(
      'ONNX_MODEL_INVALID',
      `${modelPath} is not a usable ONNX model (${firstLine(error)}). Download it again or pick another folder.`,
    );
  }
}

/** An int64 [rows, columns] tensor, as BERT-family graphs take their ids and masks. */
export async function int64Tensor(values: BigInt64Array, rows: number, columns: number): Promise<Tensor> {
  const ort = await loadOnnxRuntime();
  return new ort.Tensor('int64', values, [rows, columns]);
}

/** Runs a session, turning a runtime failure into a coded error rather than an unexplained rejection. */
export async function runSession(
  session: InferenceSession,
  feeds: Record<string, Tensor>,
  modelPath: string,
): Promise<InferenceSession.ReturnType> {
  try {
    return await session.run(feeds);
  } catch (error) {
    throw new LecternError('ONNX_MODEL_INVALID', `${modelPath} failed while running: ${firstLine(error)}`);
  }
}

/** The declared shape of an output (numbers, or names for dynamic axes); undefined when the graph does not say. */
export function declaredOutputShape(session: InferenceSession, name: string): readonly (number | string)[] | undefined {
  const meta = session.outputMetadata.find((m) => m.name === name);
  return meta?.isTensor && meta.shape.length > 0 ? meta.shape : undefined;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? message).slice(0, 300);
}

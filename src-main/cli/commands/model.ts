import path from 'node:path';
import { Command } from 'commander';
import type { KvCacheType, ModelEntry } from '../../../src-shared/domain/model';
import { LecternError } from '../../../src-shared/errors';
import type { Engine } from '../../engine/Engine';
import { catalogEntry } from '../../engine/llm/catalog';
import { describeModel, listModels } from '../../engine/llm/discoverModels';
import { benchDecode } from '../../engine/llm/generate';
import { ModelManager } from '../../engine/llm/ModelManager';
import { pullCatalogModel } from '../../engine/llm/pullModel';
import type { OnnxModelEntry } from '../../engine/onnx/discoverOnnxModels';
import { ONNX_CATALOG } from '../../engine/onnx/onnxCatalog';
import { pullOnnxModel } from '../../engine/onnx/pullOnnxModel';
import { printJson, withCommonOptions, withEngine, type GlobalOptions } from '../context';
import { runJob } from '../runJob';

// These commands build on the llm modules directly (not engine.invoke) so they work before and after the engine
// wires modelHandlers; the engine still provides paths, threads, llama.cpp and the job runner.

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

function describeLine(m: ModelEntry): string {
  const meta = m.meta
    ? [
        m.meta.architecture,
        m.meta.quantization,
        m.meta.parameterCount ? `${(m.meta.parameterCount / 1e6).toFixed(1)}M params` : '',
      ]
        .filter(Boolean)
        .join(', ')
    : '';
  return `${m.name}  [${m.source}]  ${mb(m.sizeBytes)}  ${m.problem ? `(unusable: ${m.problem.message})` : meta}\n    ${m.path}  id ${m.id}`;
}

function listSub(): Command {
  return withCommonOptions(new Command('list'))
    .description(
      'GGUF models in the models folder and in LM Studio, Ollama, Jan and GPT4All folders, ONNX model folders, and the catalog',
    )
    .action(async (options: GlobalOptions) => {
      await withEngine(options, async (engine) => {
        const models = await listModels({ modelsDir: engine.paths.modelsDir });
        const onnx = await engine.invoke('listOnnxModels', {});
        const catalog = await engine.invoke('listCatalog', {});
        if (options.json) return printJson({ modelsDir: engine.paths.modelsDir, models, onnx, catalog });
        console.log(`Models (${models.length}), models folder ${engine.paths.modelsDir}:`);
        for (const m of models) console.log(`  ${describeLine(m)}`);
        console.log(`ONNX models (${onnx.length}):`);
        for (const m of onnx)
          console.log(
            `  ${m.name}  [${m.kind}${m.dims ? `, ${m.dims} dims` : ''}]  ${mb(m.sizeBytes)}${m.problem ? `  (unusable: ${m.problem.message})` : ''}\n    ${m.dir}`,
          );
        console.log('Catalog (lectern model pull <id>):');
        for (const c of catalog)
          console.log(
            `  ${c.id}  ${c.kind ?? 'chat'}  ~${mb(c.sizeBytes)}  ${c.license}${c.downloaded ? '  (downloaded)' : ''}`,
          );
      });
    });
}

function infoSub(): Command {
  return withCommonOptions(new Command('info'))
    .description('read a GGUF header: architecture, size, quantization, context, chat template, and whether it loads')
    .argument('<path>', 'a .gguf file')
    .action(async (file: string, options: GlobalOptions) => {
      await withEngine(options, async () => {
        const entry = await describeModel(path.resolve(file), 'user');
        if (options.json) return printJson(entry);
        console.log(describeLine(entry));
        if (entry.meta) for (const [k, v] of Object.entries(entry.meta)) console.log(`    ${k.padEnd(16)}${String(v)}`);
        if (entry.problem) process.exitCode = 1;
      });
    });
}

function pullSub(): Command {
  return withCommonOptions(new Command('pull'))
    .description('download a catalog model into the models folder (resumable; Ctrl+C keeps the partial file)')
    .argument('<catalogId>', 'an id from `lectern model list`')
    .option(
      '--from <url>',
      'download from this URL instead of the catalog URI (a mirror or a local server; for ONNX models, the base URL)',
    )
    .action(async (id: string, options: GlobalOptions & { from?: string }) => {
      await withEngine(options, async (engine) => {
        const onnx = ONNX_CATALOG.find((e) => e.id === id);
        if (onnx) {
          const started = engine.jobs.start('downloadModel', id, `Downloading ${onnx.name}`, (ctx) =>
            pullOnnxModel(onnx, engine.paths.modelsDir, ctx, options.from ? { baseUrl: options.from } : {}),
          );
          const folder = (await runJob(engine, started, { quiet: options.json === true })) as OnnxModelEntry;
          if (options.json) return printJson(folder);
          console.log(`Downloaded ${folder.name} [${folder.kind}] to ${folder.dir}`);
          return;
        }
        const entry = catalogEntry(id);
        const started = engine.jobs.start('downloadModel', id, `Downloading ${entry.name}`, (ctx) =>
          pullCatalogModel(entry, engine.paths.modelsDir, ctx, options.from ? { uri: options.from } : {}),
        );
        const model = (await runJob(engine, started, { quiet: options.json === true })) as ModelEntry;
        if (options.json) return printJson(model);
        console.log(`Downloaded ${describeLine(model)}`);
      });
    });
}

const KV_TYPES: KvCacheType[] = ['f16', 'q8_0', 'q4_0'];

interface LoadTestOptions extends GlobalOptions {
  context?: string;
  kv?: string;
  tokens?: string;
  gpuLayers?: string;
}

/** Loads, decodes a fixed number of tokens and reports the speeds; the model is unloaded afterwards. */
export async function loadTest(engine: Engine, file: string, options: LoadTestOptions) {
  const kv = (options.kv ?? 'f16') as KvCacheType;
  if (!KV_TYPES.includes(kv)) throw new LecternError('INVALID_ARGUMENT', `--kv must be one of ${KV_TYPES.join(', ')}.`);
  const tokens = Number(options.tokens ?? 32);
  const contextSize = options.context ? Number(options.context) : 'auto';
  const gpuLayers = options.gpuLayers ? Number(options.gpuLayers) : 'auto';
  const llama = await engine.llama.get();
  const threads = engine.threads(llama.cpuMathCores);
  const manager = new ModelManager({ llama: () => engine.llama.get() });
  try {
    const started = engine.jobs.start('loadModel', file, `Loading ${path.basename(file)}`, (ctx) =>
      manager.load(path.resolve(file), {
        threads,
        contextSize,
        gpuLayers,
        kvCacheType: kv,
        ...(typeof contextSize === 'number' ? { minContextSize: contextSize } : {}),
        signal: ctx.signal,
        onProgress: (f) => ctx.onProgress({ phase: 'loading', done: Math.round(f * 100), total: 100 }),
      }),
    );
    await runJob(engine, started, { quiet: options.json === true });
    const loaded = manager.require();
    // A prose prompt of about 100 tokens: enough to time prompt evaluation, short enough for any context.
    const prompt =
      'The first chapter of the report gives a short summary of the data and the main results of the study. '.repeat(5);
    const bench = await benchDecode(loaded, prompt, tokens);
    const { info } = loaded;
    return {
      model: info.model.name,
      loadMs: info.loadMs,
      promptTokens: bench.promptTokens,
      promptTokPerS: bench.promptTokPerS,
      outputTokens: bench.outputTokens,
      decodeTokPerS: bench.decodeTokPerS,
      backend: info.backend,
      gpuLayers: info.gpuLayers,
      threads: info.threads,
      contextSize: info.contextSize,
      flashAttention: info.flashAttention,
      kvCacheType: info.kvCacheType,
      kvCacheBytes: info.kvCacheBytes,
      kvCacheBytesF16: info.kvCacheBytesF16,
    };
  } finally {
    await manager.dispose();
  }
}

function loadTestSub(): Command {
  return withCommonOptions(new Command('load-test'))
    .description('load a model, generate a few tokens and print load time and prompt/decode speed')
    .argument('<path>', 'a .gguf file')
    .option('--context <n>', 'context size (default: as large as memory allows)')
    .option('--kv <type>', 'KV cache type: f16, q8_0, q4_0', 'f16')
    .option('--tokens <n>', 'tokens to generate', '32')
    .option('--gpu-layers <n>', 'layers to offload (default: auto)')
    .action(async (file: string, options: LoadTestOptions) => {
      await withEngine(options, async (engine) => {
        const report = await loadTest(engine, file, options);
        if (options.json) return printJson(report);
        for (const [k, v] of Object.entries(report)) console.log(`${k.padEnd(16)}${String(v)}`);
      });
    });
}

/** `lectern model list|info|pull|load-test`. */
export function modelCommand(): Command {
  return new Command('model')
    .description('find, inspect, download and test GGUF models')
    .addCommand(listSub())
    .addCommand(infoSub())
    .addCommand(pullSub())
    .addCommand(loadTestSub());
}

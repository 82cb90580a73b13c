/**
 * Builds the checkpoint test's state in its own process, slowly (a pause at every segment boundary), and prints
 * `boundary <segments done>` at each one, so the test can SIGKILL it mid-way.
 * Usage: tsx checkpointBuildChild.ts <model.gguf> <cache dir>
 */
import { getLlama } from 'node-llama-cpp';
import { prepareCompressedState } from '../../../src-main/engine/compression/prepareCompressedState';
import { checkpointBuildInput } from './checkpointBuild';

const [modelPath, dir] = process.argv.slice(2);
if (!modelPath || !dir) throw new Error('usage: checkpointBuildChild <model> <dir>');
const llama = await getLlama({ gpu: false, build: 'never' });
const model = await llama.loadModel({ modelPath });
// Two sequences as in the test: llama.cpp refuses a state saved from a context with another stream count.
const context = await model.createContext({
  contextSize: 1024,
  sequences: 2,
  threads: 1,
  flashAttention: true,
  batchSize: 512,
});
const sequence = context.getSequence();
let done = 0;
const input = checkpointBuildInput(model, sequence, dir, async () => {
  process.stdout.write(`boundary ${done}\n`);
  await new Promise((resolve) => setTimeout(resolve, 150));
});
await prepareCompressedState(input, {
  signal: new AbortController().signal,
  onProgress: (update) => {
    done = update.done;
  },
});
process.stdout.write('finished\n');

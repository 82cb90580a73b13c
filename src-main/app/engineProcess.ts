// Entry of the engine's utility process. It imports no electron module: `process.parentPort` is the only channel.
import { Engine } from '../engine/Engine';
import type { EngineMessage, HostMessage } from './engineProtocol';

interface ParentPort {
  on(event: 'message', listener: (event: { data: HostMessage }) => void): void;
  postMessage(message: EngineMessage): void;
}

const parentPort = (process as unknown as { parentPort: ParentPort }).parentPort;
const [libraryDir, modelsDir] = process.argv.slice(2);
const engine = new Engine({ libraryDir, modelsDir, host: 'utility-process' });

engine.events.subscribe((event, payload) => parentPort.postMessage({ type: 'event', event, payload }));

parentPort.on('message', ({ data }) => {
  if (data.type === 'call') {
    void engine
      .call(data.name, data.input)
      .then((result) => parentPort.postMessage({ type: 'result', id: data.id, result }));
  } else if (data.type === 'grant') {
    const value = data.paths.map((p) => engine.grants.grant(p));
    parentPort.postMessage({ type: 'result', id: data.id, result: { ok: true, value } });
  } else if (data.type === 'dispose') {
    void engine.dispose().finally(() => process.exit(0));
  }
});

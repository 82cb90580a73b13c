// Entry of the engine's utility process. It imports no electron module: `process.parentPort` is the only channel.
import { toErrorPayload } from '../../src-shared/errors';
import { Engine } from '../engine/Engine';
import type { KeySealer } from '../engine/remote/StoredServer';
import type { Result } from '../../src-shared/result';
import { resolveMedia } from '../engine/media/mediaSource';
import type { EngineMessage, HostMessage } from './engineProtocol';

interface ParentPort {
  on(event: 'message', listener: (event: { data: HostMessage }) => void): void;
  postMessage(message: EngineMessage): void;
}

const parentPort = (process as unknown as { parentPort: ParentPort }).parentPort;
const [libraryDir, modelsDir] = process.argv.slice(2);
const sealing = new Map<number, (result: Result<string>) => void>();
let nextSealId = 1;
/** Seals through the main process, which alone can reach Electron's `safeStorage`. */
const viaMain =
  (type: 'seal' | 'unseal') =>
  (text: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const id = nextSealId++;
      sealing.set(id, (result) => (result.ok ? resolve(result.value) : reject(new Error(result.error.message))));
      parentPort.postMessage({ type, id, text });
    });
const keySealer: KeySealer = { seal: viaMain('seal'), unseal: viaMain('unseal') };
const engine = new Engine({ libraryDir, modelsDir, host: 'utility-process', keySealer });

engine.events.subscribe((event, payload) => parentPort.postMessage({ type: 'event', event, payload }));

parentPort.on('message', ({ data }) => {
  if (data.type === 'call') {
    void engine
      .call(data.name, data.input)
      .then((result) => parentPort.postMessage({ type: 'result', id: data.id, result }));
  } else if (data.type === 'grant') {
    const value = data.paths.map((p) => engine.grants.grant(p));
    parentPort.postMessage({ type: 'result', id: data.id, result: { ok: true, value } });
  } else if (data.type === 'sealed') {
    sealing.get(data.id)?.(data.result);
    sealing.delete(data.id);
  } else if (data.type === 'media') {
    void resolveMedia(engine.library, engine.media, data.docId).then(
      (media) => {
        const value = media ? { path: media.path, contentType: media.info.contentType, bytes: media.info.bytes } : null;
        parentPort.postMessage({ type: 'result', id: data.id, result: { ok: true, value } });
      },
      (error: unknown) =>
        parentPort.postMessage({ type: 'result', id: data.id, result: { ok: false, error: toErrorPayload(error) } }),
    );
  } else if (data.type === 'dispose') {
    void engine.dispose().finally(() => process.exit(0));
  }
});

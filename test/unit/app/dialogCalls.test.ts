import { describe, expect, it } from 'vitest';
import type { OpenDialogOptions } from 'electron';
import { APP_CALL_NAMES } from '../../../src-shared/appCalls';
import { dialogCalls } from '../../../src-main/app/dialogCalls';

describe('the desktop dialogs', () => {
  it('asks each dialog for its own files and hands the page only grants', async () => {
    const asked: OpenDialogOptions[] = [];
    const granted: string[][] = [];
    const calls = dialogCalls(
      (options) => {
        asked.push(options);
        return Promise.resolve({ canceled: false, filePaths: ['/models/qwen.gguf'] });
      },
      (paths) => {
        granted.push(paths);
        return Promise.resolve({
          ok: true,
          value: paths.map(() => ({ id: 'file:00000000-0000-4000-8000-000000000001', name: 'qwen.gguf' })),
        });
      },
    );
    expect(Object.keys(calls).sort()).toEqual([...APP_CALL_NAMES].sort());
    const model = await calls.openModelDialog({});
    expect(model).toEqual({
      ok: true,
      value: { files: [{ id: 'file:00000000-0000-4000-8000-000000000001', name: 'qwen.gguf' }] },
    });
    expect(JSON.stringify(model)).not.toContain('/models/');
    expect(asked[0]?.filters).toEqual([{ name: 'GGUF models', extensions: ['gguf'] }]);
    expect(asked[0]?.properties).toEqual(['openFile']);
    await calls.openMediaDialog({});
    expect(asked[1]?.filters?.[0]?.extensions).toEqual(['mp3', 'm4a', 'wav', 'ogg', 'opus', 'mp4', 'webm', 'mkv']);
    await calls.openFileDialog({});
    expect(asked[2]?.properties).toContain('multiSelections');
    expect(granted).toHaveLength(3);
  });

  it('answers no files when cancelled, and passes a failed grant on', async () => {
    const cancelled = dialogCalls(
      () => Promise.resolve({ canceled: true, filePaths: [] }),
      () => Promise.reject(new Error('grant must not be asked')),
    );
    expect(await cancelled.openModelDialog({})).toEqual({ ok: true, value: { files: [] } });
    const crashed = dialogCalls(
      () => Promise.resolve({ canceled: false, filePaths: ['/a.mp3'] }),
      () => Promise.resolve({ ok: false, error: { code: 'ENGINE_CRASHED', message: 'gone' } }),
    );
    expect(await crashed.openMediaDialog({})).toEqual({
      ok: false,
      error: { code: 'ENGINE_CRASHED', message: 'gone' },
    });
  });
});

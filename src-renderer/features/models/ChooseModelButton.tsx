import { useRef, useState } from 'react';
import type { FileGrant } from '../../../src-shared/domain/fileGrant';
import { api } from '../../api/client';
import { canPickFile, pickWithDialog, uploadPicked } from '../../api/pickFile';
import { useStore } from '../../store';

/**
 * "Choose a GGUF file…": the native open dialog in the desktop app (the file is loaded where it is), a file input in
 * the browser build (the engine cannot read the page's disk, so the file is uploaded into the models folder). Either
 * way the page holds only the file's grant id, and the chosen model loads at once.
 */
export function ChooseModelButton({ disabled }: { disabled: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const loadModel = useStore((s) => s.loadModel);
  const refresh = useStore((s) => s.refreshModels);
  const [status, setStatus] = useState<{ text: string; error?: boolean }>();
  if (!canPickFile('model')) return null;
  const browser = api().host === 'browser';

  const load = async (grant: FileGrant) => {
    setStatus(undefined);
    await loadModel(grant.id);
    await refresh();
  };
  const choose = async () => {
    if (browser) return input.current?.click();
    const picked = await pickWithDialog('model');
    if (!picked.ok) return setStatus({ text: `The open dialog failed: ${picked.error.message}`, error: true });
    if (picked.value) await load(picked.value);
  };

  return (
    <div className="choose-model">
      <button type="button" disabled={disabled} onClick={() => void choose()} data-testid="choose-model">
        Choose a GGUF file…
      </button>
      {browser && (
        <input
          ref={input}
          type="file"
          hidden
          accept=".gguf"
          aria-label="GGUF model file"
          data-testid="model-file-input"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (!file) return;
            void (async () => {
              setStatus({ text: `Copying ${file.name} into the models folder…` });
              const uploaded = await uploadPicked(file, 'model');
              if (!uploaded.ok) return setStatus({ text: uploaded.error.message, error: true });
              await load(uploaded.value);
            })();
          }}
        />
      )}
      {status && (
        <span className={status.error ? 'error small' : 'muted small'} role={status.error ? 'alert' : 'status'}>
          {status.text}
        </span>
      )}
    </div>
  );
}

import { useRef } from 'react';
import { MEDIA_EXTENSIONS } from '../../../src-shared/domain/media';
import { serveToken } from '../../api/client';
import { uploadFile } from '../../api/httpClient';
import { useStore } from '../../store';

/**
 * Picks a recording for the transcript. The browser build cannot name a path on the engine's disk, so it uploads the
 * file to the engine's cache first (the library still keeps no copy); the desktop shell has no media dialog yet.
 */
export function AttachMediaButton({ docId, label }: { docId: string; label: string }) {
  const input = useRef<HTMLInputElement>(null);
  const attachMedia = useStore((s) => s.attachMedia);
  const notify = useStore((s) => s.notify);
  const token = serveToken();
  if (!token) return null;
  return (
    <>
      <button type="button" className="small" onClick={() => input.current?.click()}>
        {label}
      </button>
      <input
        ref={input}
        type="file"
        hidden
        aria-label="Recording file"
        data-testid="media-input"
        accept={MEDIA_EXTENSIONS.join(',')}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (!file) return;
          void (async () => {
            const uploaded = await uploadFile(file, token).catch(() => undefined);
            if (!uploaded?.ok) return notify(`${file.name} could not be uploaded.`);
            const error = await attachMedia(docId, uploaded.value.id);
            notify(error ? `Could not attach ${file.name}: ${error.message}` : `${file.name} attached.`);
          })();
        }}
      />
    </>
  );
}

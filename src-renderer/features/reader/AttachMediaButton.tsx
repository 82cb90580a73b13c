import { useRef } from 'react';
import { MEDIA_EXTENSIONS } from '../../../src-shared/domain/media';
import type { FileGrant } from '../../../src-shared/domain/fileGrant';
import { api } from '../../api/client';
import { canPickFile, pickWithDialog, uploadPicked } from '../../api/pickFile';
import { useStore } from '../../store';

/**
 * Picks a recording for the transcript: the native open dialog in the desktop app (the file stays where it is); in
 * the browser build, which cannot name a path on the engine's disk, an upload to the engine's cache (the library
 * still keeps no copy).
 */
export function AttachMediaButton({ docId, label }: { docId: string; label: string }) {
  const input = useRef<HTMLInputElement>(null);
  const attachMedia = useStore((s) => s.attachMedia);
  const notify = useStore((s) => s.notify);
  if (!canPickFile('media')) return null;
  const browser = api().host === 'browser';

  const attach = async (grant: FileGrant) => {
    const error = await attachMedia(docId, grant.id);
    notify(error ? `Could not attach ${grant.name}: ${error.message}` : `${grant.name} attached.`);
  };
  const choose = async () => {
    if (browser) return input.current?.click();
    const picked = await pickWithDialog('media');
    if (!picked.ok) return notify(`The open dialog failed: ${picked.error.message}`);
    if (picked.value) await attach(picked.value);
  };

  return (
    <>
      <button type="button" className="small" onClick={() => void choose()}>
        {label}
      </button>
      {browser && (
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
              const uploaded = await uploadPicked(file, 'media');
              if (!uploaded.ok) return notify(`${file.name} could not be uploaded: ${uploaded.error.message}`);
              await attach(uploaded.value);
            })();
          }}
        />
      )}
    </>
  );
}

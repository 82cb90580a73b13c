import { Icon } from '../../components/Icon';
import { modKey } from '../../lib/isMac';
import { FILE_INPUT_ID, importFileObjects, openFiles } from './importActions';

const ACCEPT = '.pdf,.srt,.vtt,.json,.xml,.txt,.md,.markdown,.docx';

/** "Open…" plus the hidden file input that the browser build uses instead of a native dialog. */
export function OpenButton({ primary = false }: { primary?: boolean }) {
  return (
    <>
      <button
        type="button"
        className={primary ? 'primary' : undefined}
        onClick={() => void openFiles()}
        aria-keyshortcuts="Control+O Meta+O"
        title={`Open documents (${modKey}+O)`}
      >
        <Icon name="open" /> Open…
      </button>
    </>
  );
}

/** Rendered once in the app frame so that Ctrl/Cmd+O can reach it from anywhere. */
export function HiddenFileInput() {
  return (
    <input
      id={FILE_INPUT_ID}
      data-testid="file-input"
      type="file"
      multiple
      accept={ACCEPT}
      hidden
      aria-hidden="true"
      tabIndex={-1}
      onChange={(e) => {
        const files = [...(e.currentTarget.files ?? [])];
        // Reset so that picking the same file again still fires a change.
        e.currentTarget.value = '';
        void importFileObjects(files);
      }}
    />
  );
}

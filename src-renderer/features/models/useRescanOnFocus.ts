import { useEffect } from 'react';

/**
 * Runs `rescan` when the window gets focus back (a `.gguf` copied into the models folder from a file manager shows
 * up without reopening the dialog), at most once per `minGapMs`: a watcher would hold the folder open for the
 * engine's life, and the folder changes only while the person is in another window.
 */
export function useRescanOnFocus(rescan: () => unknown, minGapMs = 2000): void {
  useEffect(() => {
    let last = 0;
    const onFocus = () => {
      const now = Date.now();
      if (now - last < minGapMs) return;
      last = now;
      void rescan();
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') onFocus();
    };
    window.addEventListener('focus', onFocus);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [rescan, minGapMs]);
}

import { useEffect } from 'react';
import { useStore } from '../../store';
import { QUESTION_INPUT_ID } from '../chat/ChatPanel';
import { openFiles } from '../import/importActions';
import { LIBRARY_FILTER_ID } from '../library/LibrarySidebar';

function typing(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/** Moves to the next (+1) or previous (-1) chapter relative to what is in view. */
function stepChapter(direction: 1 | -1): void {
  const { chapters, topUnit, jumpToUnit } = useStore.getState();
  if (chapters.length === 0) return;
  const target =
    direction === 1
      ? chapters.find((c) => c.startUnit > topUnit)
      : [...chapters].reverse().find((c) => c.startUnit < topUnit);
  if (target) jumpToUnit(target.startUnit);
}

/** The window's keyboard shortcuts (listed in SHORTCUTS for the help dialog). */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const state = useStore.getState();
      // A modal dialog owns the keyboard (Escape closes it natively).
      if (document.querySelector('dialog[open]')) return;
      if (mod && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        void openFiles();
      } else if (mod && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        const input = document.getElementById(LIBRARY_FILTER_ID) as HTMLInputElement | null;
        input?.focus();
        input?.select();
      } else if (mod && e.key === 'Enter') {
        const input = document.getElementById(QUESTION_INPUT_ID) as HTMLTextAreaElement | null;
        if (!input || e.target === input) return;
        e.preventDefault();
        if (input.value.trim()) input.form?.requestSubmit();
        else input.focus();
      } else if (e.key === 'Escape' && !e.defaultPrevented) {
        const docId = state.openDocId;
        const pending = docId ? state.pendingAsks[docId] : undefined;
        if (docId && pending?.jobId && !pending.error) {
          e.preventDefault();
          void state.stopAsk(docId);
        }
      } else if (e.altKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
        if (typing(e.target)) return;
        e.preventDefault();
        stepChapter(e.key === 'ArrowDown' ? 1 : -1);
      } else if (e.key === '/' && !mod && !typing(e.target)) {
        // Straight to the question box, past the chapters (a 53-chapter book was 145 Tab presses away).
        const input = document.getElementById(QUESTION_INPUT_ID) as HTMLTextAreaElement | null;
        if (!input) return;
        e.preventDefault();
        input.focus();
      } else if (e.key === '?' && !mod && !typing(e.target)) {
        e.preventDefault();
        state.setOverlay('shortcuts');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

import { useEffect, type RefObject } from 'react';

/** Keys that belong to the element in focus, not to the player: text fields, sliders, splitters, the controls. */
function keepsKeys(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT', 'AUDIO', 'VIDEO'].includes(target.tagName)) {
    return true;
  }
  const role = target.getAttribute('role');
  return role === 'separator' || role === 'slider' || role === 'menuitem' || role === 'option';
}

/** Space plays or pauses, ← and → step 5 seconds, while a recording is loaded and no dialog is open. */
export function useMediaKeys(ref: RefObject<HTMLMediaElement | null>, active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      const el = ref.current;
      if (!el || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      if (document.querySelector('dialog[open]') || keepsKeys(e.target)) return;
      if (e.key === ' ') {
        // Also keeps a focused cue or chapter button from being pressed again by the same key.
        e.preventDefault();
        if (el.paused) void el.play().catch(() => undefined);
        else el.pause();
      } else if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
        // Inside the chapter list the arrows move between chapters (its own handler runs first and prevents this).
        e.preventDefault();
        const next = el.currentTime + (e.key === 'ArrowRight' ? 5 : -5);
        el.currentTime = Math.max(0, Number.isFinite(el.duration) ? Math.min(el.duration, next) : next);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ref, active]);
}

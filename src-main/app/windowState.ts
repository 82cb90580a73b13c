import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserWindow, Rectangle } from 'electron';

interface WindowState {
  bounds: Rectangle;
  maximized: boolean;
}

/** Remembers the window's size, position and maximised state between runs, in the user-data folder. */
export function loadWindowState(userData: string): WindowState | undefined {
  try {
    const state = JSON.parse(readFileSync(path.join(userData, 'window-state.json'), 'utf8')) as WindowState;
    if (state.bounds.width >= 640 && state.bounds.height >= 480) return state;
  } catch {
    // First run or an unreadable file: use the defaults.
  }
  return undefined;
}

export function trackWindowState(window: BrowserWindow, userData: string): void {
  const save = () => {
    if (window.isDestroyed()) return;
    const state: WindowState = { bounds: window.getNormalBounds(), maximized: window.isMaximized() };
    try {
      writeFileSync(path.join(userData, 'window-state.json'), JSON.stringify(state));
    } catch {
      // Not being able to remember the window size is not worth bothering the user about.
    }
  };
  window.on('close', save);
}

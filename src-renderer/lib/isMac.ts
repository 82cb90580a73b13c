/** Shortcuts say ⌘ on macOS and Ctrl elsewhere, as native apps do. */
export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export const modKey = isMac ? '⌘' : 'Ctrl';

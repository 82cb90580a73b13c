import { modKey } from '../../lib/isMac';

/** One list for the handler's documentation and the help dialog, so they cannot drift apart. */
export const SHORTCUTS: { keys: string[]; what: string }[] = [
  { keys: [modKey, 'O'], what: 'Open documents to import' },
  { keys: [modKey, 'K'], what: 'Filter the library by title' },
  { keys: ['/'], what: 'Go to the question box' },
  { keys: [modKey, 'Enter'], what: 'Ask the question' },
  { keys: ['Space'], what: 'Play or pause the recording' },
  { keys: ['←', '→'], what: 'Back or forward 5 seconds in the recording' },
  { keys: ['Esc'], what: 'Stop the answer' },
  { keys: ['Alt', '↓'], what: 'Next chapter' },
  { keys: ['Alt', '↑'], what: 'Previous chapter' },
  { keys: [modKey, '='], what: 'Zoom in on PDF pages' },
  { keys: [modKey, '-'], what: 'Zoom out on PDF pages' },
  { keys: [modKey, '0'], what: 'Fit PDF pages to the width' },
  { keys: ['?'], what: 'Show these shortcuts' },
];

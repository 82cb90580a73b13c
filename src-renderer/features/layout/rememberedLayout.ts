import { useDefaultLayout } from 'react-resizable-panels';

/**
 * Saves a pane group's splitter positions in localStorage (per set of panes shown, since a narrow window drops some)
 * and hands them back on the next start. Only a user's own drags are saved, never the squeeze of a smaller window.
 */
export function useRememberedLayout(id: string, panelIds: string[]) {
  return useDefaultLayout({ id, panelIds, storage: localStorage, onlySaveAfterUserInteractions: true });
}

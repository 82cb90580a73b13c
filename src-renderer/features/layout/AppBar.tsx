import { Icon } from '../../components/Icon';
import { useStore } from '../../store';
import { OpenButton } from '../import/OpenButton';

/** The narrow window's top bar: the button that shows the library drawer, the name, and Open. */
export function AppBar() {
  const setDrawer = useStore((s) => s.setDrawer);
  const running = useStore((s) => Object.values(s.jobs).filter((j) => j.state === 'running').length);
  return (
    <header className="app-bar">
      <button
        type="button"
        className="icon-button"
        aria-label={running > 0 ? `Library (${running} running)` : 'Library'}
        title="Library"
        data-testid="library-toggle"
        onClick={() => setDrawer('library')}
      >
        <Icon name="menu" />
        {running > 0 && (
          <span className="badge" aria-hidden="true">
            {running}
          </span>
        )}
      </button>
      <span className="logo" aria-hidden="true">
        L
      </span>
      <span className="app-bar-name">Lectern</span>
      <span className="spacer" />
      <OpenButton />
    </header>
  );
}

import { SHORTCUTS } from './shortcuts';

/** The shortcuts, as a table of keys (opened with ?). */
export function ShortcutsHelp() {
  return (
    <table className="shortcuts" data-testid="shortcuts-help">
      <tbody>
        {SHORTCUTS.map(({ keys, what }) => (
          <tr key={what}>
            <td>
              {keys.map((k, i) => (
                <span key={k}>
                  {i > 0 && ' + '}
                  <kbd>{k}</kbd>
                </span>
              ))}
            </td>
            <td>{what}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import { Icon } from '../../components/Icon';
import { useStore } from '../../store';
import { backendLabel } from './backendLabel';

/** The top bar's model indicator: which model is loaded and where it runs; opens the model picker. */
export function ModelButton() {
  const info = useStore((s) => s.modelInfo);
  const setOverlay = useStore((s) => s.setOverlay);
  const label = info ? `${info.model.meta?.name ?? info.model.name} · ${backendLabel(info.backend)}` : 'No model';
  return (
    <button
      type="button"
      className="model-button"
      onClick={() => setOverlay('models')}
      data-testid="model-button"
      title="Models"
    >
      <Icon name="chip" />
      <span className="model-button-text">{label}</span>
    </button>
  );
}

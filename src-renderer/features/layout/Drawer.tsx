import { useEffect, useRef, type ReactNode } from 'react';
import { Icon } from '../../components/Icon';

interface DrawerProps {
  label: string;
  side: 'left';
  onClose: () => void;
  children: ReactNode;
  testId?: string;
}

/**
 * A pane that slides over the window when there is no room for it beside the reader. Built on the native modal
 * <dialog> (as Dialog is) for focus trapping, Escape and the inert background.
 */
export function Drawer({ label, side, onClose, children, testId }: DrawerProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    const handleClose = () => onCloseRef.current();
    dialog.addEventListener('close', handleClose);
    return () => {
      dialog.removeEventListener('close', handleClose);
      if (dialog.open) dialog.close();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={`drawer drawer-${side}`}
      aria-label={label}
      data-testid={testId}
      onClick={(e) => {
        if (e.target === ref.current) ref.current.close();
      }}
    >
      <div className="drawer-body">
        <button
          type="button"
          className="icon-button drawer-close"
          aria-label={`Close ${label.toLowerCase()}`}
          onClick={() => ref.current?.close()}
        >
          <Icon name="close" />
        </button>
        {children}
      </div>
    </dialog>
  );
}

import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

export interface MenuItem {
  label: string;
  onSelect: () => void;
  disabled?: boolean;
  hint?: string;
}

interface PopupMenuProps {
  items: MenuItem[];
  /** Viewport coordinates of the menu's top-left corner. */
  at: { x: number; y: number };
  label: string;
  onClose: () => void;
}

/** A small menu at a point (context menus, "⋯" buttons): arrow keys move, Enter picks, Escape or a click outside closes. */
export function PopupMenu({ items, at, label, onClose }: PopupMenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState(at);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    // Keep the menu inside the window, as native menus do near the edges.
    const rect = el.getBoundingClientRect();
    setPos({
      x: Math.max(8, Math.min(at.x, window.innerWidth - rect.width - 8)),
      y: Math.max(8, Math.min(at.y, window.innerHeight - rect.height - 8)),
    });
    el.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
  }, [at]);
  useEffect(() => {
    const outside = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    window.addEventListener('pointerdown', outside, true);
    return () => window.removeEventListener('pointerdown', outside, true);
  }, [onClose]);
  const move = (delta: number) => {
    const buttons = [...(ref.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? [])];
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    buttons[(i + delta + buttons.length) % buttons.length]?.focus();
  };
  return (
    <div
      ref={ref}
      className="menu"
      role="menu"
      aria-label={label}
      style={{ left: pos.x, top: pos.y }}
      onKeyDown={(e) => {
        if (e.key === 'ArrowDown') move(1);
        else if (e.key === 'ArrowUp') move(-1);
        else if (e.key === 'Escape' || e.key === 'Tab') {
          e.stopPropagation();
          onClose();
        } else return;
        e.preventDefault();
      }}
    >
      {items.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          disabled={item.disabled}
          title={item.hint}
          onClick={() => {
            onClose();
            item.onSelect();
          }}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}

/** A button that opens a PopupMenu under itself and gives focus back when the menu closes. */
export function MenuButton({
  label,
  items,
  children,
  className,
  tabIndex,
}: {
  label: string;
  items: MenuItem[];
  children: ReactNode;
  className?: string;
  /** -1 for a button reached another way (such as Shift+F10 on its list item), kept out of the Tab order. */
  tabIndex?: number;
}) {
  const button = useRef<HTMLButtonElement>(null);
  const [at, setAt] = useState<{ x: number; y: number }>();
  return (
    <>
      <button
        ref={button}
        type="button"
        className={className}
        tabIndex={tabIndex}
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={at !== undefined}
        onClick={(e) => {
          const rect = e.currentTarget.getBoundingClientRect();
          setAt(at ? undefined : { x: rect.left, y: rect.bottom + 4 });
        }}
      >
        {children}
      </button>
      {at && (
        <PopupMenu
          items={items}
          at={at}
          label={label}
          onClose={() => {
            setAt(undefined);
            button.current?.focus();
          }}
        />
      )}
    </>
  );
}

import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';

interface VirtualListProps {
  count: number;
  /** Height guessed for rows not measured yet. */
  estimateHeight: number;
  renderRow: (index: number) => ReactNode;
  /** Scroll so that this row is at the top; `seq` changes to repeat a request for the same row. */
  scrollTarget?: { index: number; seq: number };
  onRangeChange?: (first: number, last: number) => void;
  className?: string;
  label: string;
  testId?: string;
}

const OVERSCAN_PX = 600;

/** Measured row heights (estimates until measured). Mutable on purpose: measuring must not re-render per row. */
class RowHeights {
  private heights = new Float64Array(0);
  constructor(private readonly estimate: number) {}
  fit(count: number): void {
    if (this.heights.length === count) return;
    const next = new Float64Array(count).fill(this.estimate);
    next.set(this.heights.subarray(0, Math.min(count, this.heights.length)));
    this.heights = next;
  }
  get(index: number): number | undefined {
    return this.heights[index];
  }
  set(index: number, height: number): void {
    if (index < this.heights.length) this.heights[index] = height;
  }
  /** `_version` is the measurement generation: passing it makes callers' memoisation depend on it. */
  offsets(count: number, _version: number): Float64Array {
    this.fit(count);
    const out = new Float64Array(count + 1);
    for (let i = 0; i < count; i++) out[i + 1] = (out[i] ?? 0) + (this.heights[i] ?? this.estimate);
    return out;
  }
}

/** Index of the last row whose top is <= y (binary search over the prefix sums). */
function rowAt(offsets: Float64Array, count: number, y: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((offsets[mid] ?? 0) <= y) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}

/**
 * Renders only the rows in and near the viewport, with real (measured) heights: a 10,000-cue transcript keeps a few
 * dozen rows in the DOM. Rows wrap freely; their heights are measured with one ResizeObserver, and when a row above
 * the viewport changes height the scroll position is corrected so the text being read does not jump.
 */
export function VirtualList({
  count,
  estimateHeight,
  renderRow,
  scrollTarget,
  onRangeChange,
  className,
  label,
  testId,
}: VirtualListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [heights] = useState(() => new RowHeights(estimateHeight));
  const [version, setVersion] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(800);
  const pendingTarget = useRef<{ index: number; until: number } | undefined>(undefined);
  const frame = useRef<number | undefined>(undefined);
  const firstVisibleRef = useRef(0);

  // `version` changes when a measurement changed, so the offsets are recomputed then.
  const offsets = useMemo(() => heights.offsets(count, version), [heights, count, version]);

  const total = offsets[count] ?? 0;
  const first = count === 0 ? 0 : rowAt(offsets, count, Math.max(0, scrollTop - OVERSCAN_PX));
  let last = first;
  while (last < count - 1 && (offsets[last + 1] ?? 0) < scrollTop + viewport + OVERSCAN_PX) last++;
  const firstVisible = count === 0 ? 0 : rowAt(offsets, count, scrollTop + 1);

  useEffect(() => {
    firstVisibleRef.current = firstVisible;
    if (count > 0) onRangeChange?.(firstVisible, last);
  }, [firstVisible, last, count, onRangeChange]);

  const scheduleVersion = useCallback(() => {
    frame.current ??= requestAnimationFrame(() => {
      frame.current = undefined;
      setVersion((v) => v + 1);
    });
  }, []);
  useEffect(
    () => () => {
      if (frame.current !== undefined) cancelAnimationFrame(frame.current);
    },
    [],
  );

  const observer = useRef<ResizeObserver | undefined>(undefined);
  const onResize = useCallback(
    (entries: ResizeObserverEntry[]) => {
      const el = scroller.current;
      let changed = false;
      for (const entry of entries) {
        const target = entry.target as HTMLElement;
        const index = Number(target.dataset.row);
        const height = entry.borderBoxSize[0]?.blockSize ?? target.offsetHeight;
        const old = heights.get(index);
        if (old === undefined || Math.abs(old - height) < 0.5) continue;
        heights.set(index, height);
        changed = true;
        // Keep the reading position: growth above the viewport pushes the scroll position down by as much.
        if (el && !pendingTarget.current && index < firstVisibleRef.current) el.scrollTop += height - old;
      }
      if (changed) scheduleVersion();
    },
    [heights, scheduleVersion],
  );
  useEffect(() => () => observer.current?.disconnect(), []);

  // Ref callbacks run at commit, before effects: the observer is created on first use.
  const measure = useCallback(
    (el: HTMLDivElement | null) => {
      if (!el) return;
      observer.current ??= new ResizeObserver(onResize);
      const ro = observer.current;
      ro.observe(el);
      return () => ro.unobserve(el);
    },
    [onResize],
  );

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setViewport(el.clientHeight));
    ro.observe(el);
    setViewport(el.clientHeight);
    return () => ro.disconnect();
  }, []);

  // A jump lands on the row's estimated position first, then follows it while rows around it are measured.
  useLayoutEffect(() => {
    if (!scrollTarget || !scroller.current) return;
    pendingTarget.current = { index: scrollTarget.index, until: performance.now() + 800 };
    scroller.current.scrollTop = offsets[Math.min(scrollTarget.index, count)] ?? 0;
    setScrollTop(scroller.current.scrollTop);
    // Only a new request scrolls; later layout changes are handled below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scrollTarget?.seq]);
  useLayoutEffect(() => {
    const target = pendingTarget.current;
    const el = scroller.current;
    if (!target || !el) return;
    if (performance.now() > target.until) {
      pendingTarget.current = undefined;
      return;
    }
    const top = offsets[Math.min(target.index, count)] ?? 0;
    if (Math.abs(el.scrollTop - top) > 1) {
      el.scrollTop = top;
      setScrollTop(el.scrollTop);
    }
  }, [offsets, count]);

  const rows: ReactNode[] = [];
  for (let i = first; i <= last && i < count; i++) {
    rows.push(
      <div key={i} ref={measure} data-row={i} className="vrow" style={{ transform: `translateY(${offsets[i]}px)` }}>
        {renderRow(i)}
      </div>,
    );
  }

  return (
    <div
      ref={scroller}
      className={className ? `vlist ${className}` : 'vlist'}
      role="region"
      aria-label={label}
      tabIndex={0}
      data-testid={testId}
      onScroll={(e) => {
        const top = e.currentTarget.scrollTop;
        if (pendingTarget.current && Math.abs(top - (offsets[pendingTarget.current.index] ?? 0)) > 40) {
          // The user scrolled away: stop following the jump target.
          pendingTarget.current = undefined;
        }
        setScrollTop(top);
      }}
    >
      <div className="vlist-inner" style={{ height: total }}>
        {rows}
      </div>
    </div>
  );
}

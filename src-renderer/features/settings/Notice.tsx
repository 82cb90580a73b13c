import { useEffect, useState } from 'react';
import { useStore } from '../../store';

function Toast({ text }: { text: string }) {
  const [shown, setShown] = useState(true);
  useEffect(() => {
    const timer = setTimeout(() => setShown(false), 4000);
    return () => clearTimeout(timer);
  }, []);
  return shown ? <div className="toast">{text}</div> : null;
}

/** Short confirmations ("Copied.", "Saved chapters.vtt.") at the bottom, read out by screen readers. */
export function Notice() {
  const notice = useStore((s) => s.notice);
  return (
    <div className="toast-region" role="status" aria-live="polite">
      {/* A new key per notice restarts its timer, even for the same text twice. */}
      {notice && <Toast key={notice.seq} text={notice.text} />}
    </div>
  );
}

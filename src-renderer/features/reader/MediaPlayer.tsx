import { useEffect, useRef } from 'react';
import { mediaUrl } from '../../api/mediaUrl';
import { useStore } from '../../store';
import { AttachMediaButton } from './AttachMediaButton';
import { useMediaKeys } from './useMediaKeys';

/**
 * The transcript's recording above its cues: the native controls (accessible, keyboard-operable), playing from any
 * second a cue, chapter or citation asks for. Offers to attach a recording when none was found beside the file.
 */
export function MediaPlayer({ docId }: { docId: string }) {
  const media = useStore((s) => s.media[docId]);
  const error = useStore((s) => s.mediaError[docId]);
  const loadMedia = useStore((s) => s.loadMedia);
  const setMediaTime = useStore((s) => s.setMediaTime);
  const seekRequest = useStore((s) => s.seekRequest);
  const ref = useRef<HTMLMediaElement | null>(null);
  const src = media ? mediaUrl(docId) : undefined;

  useEffect(() => {
    void loadMedia(docId);
    setMediaTime(0);
  }, [docId, loadMedia, setMediaTime]);

  useEffect(() => {
    const el = ref.current;
    if (!el || !seekRequest) return;
    el.currentTime = seekRequest.seconds;
    // Refused only without a user gesture (autoplay policy); the position is set either way.
    void el.play().catch(() => undefined);
  }, [seekRequest]);

  useMediaKeys(ref, Boolean(src));

  if (error) {
    return (
      <div className="media-bar" data-testid="media-player">
        <p className="error small" role="alert">
          {error.message}
        </p>
        <AttachMediaButton docId={docId} label="Attach it again…" />
      </div>
    );
  }
  if (media === undefined) return null;
  if (media === null) {
    return (
      <div className="media-bar" data-testid="media-player">
        <p className="muted small">No recording found beside this transcript.</p>
        <AttachMediaButton docId={docId} label="Attach a recording…" />
      </div>
    );
  }
  if (!src) {
    return (
      <div className="media-bar" data-testid="media-player">
        <p className="muted small">{media.fileName}: playing recordings works in the browser build for now.</p>
      </div>
    );
  }
  const props = {
    ref: (el: HTMLMediaElement | null) => {
      ref.current = el;
    },
    src,
    controls: true,
    preload: 'metadata',
    'aria-label': `Recording: ${media.fileName}`,
    'data-testid': 'media-element',
    onTimeUpdate: (e: { currentTarget: HTMLMediaElement }) => setMediaTime(e.currentTarget.currentTime),
    onSeeked: (e: { currentTarget: HTMLMediaElement }) => setMediaTime(e.currentTarget.currentTime),
    onLoadedMetadata: (e: { currentTarget: HTMLMediaElement }) => {
      const seconds = e.currentTarget.duration;
      // Noted once per file, for chapter exports that end where the recording ends.
      if (Number.isFinite(seconds) && seconds > 0 && media.durationSec === undefined) {
        void useStore.getState().recordMediaDuration(docId, seconds);
      }
    },
  };
  return (
    <div className="media-bar has-media" data-testid="media-player">
      {media.kind === 'video' ? <video {...props} /> : <audio {...props} />}
      <span className="muted small media-name" title={media.fileName}>
        {media.fileName}
      </span>
    </div>
  );
}

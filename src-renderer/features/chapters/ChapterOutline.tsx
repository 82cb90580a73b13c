import type { KeyboardEvent } from 'react';
import { Icon } from '../../components/Icon';
import { MenuButton } from '../../components/Menu';
import { useStore } from '../../store';
import { ExportMenu } from './ExportMenu';
import { ChapterItem } from './ChapterItem';
import { stepGranularity } from './granularitySteps';
import { retitleAvailability } from './retitleAvailability';

/** Arrow-key movement between the chapter buttons of a list (a roving tab stop, as in a listbox). */
function moveFocus(e: KeyboardEvent<HTMLOListElement>): void {
  if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key) || e.altKey) return;
  const buttons = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('.chapter-jump')];
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
  if (at < 0) return;
  e.preventDefault();
  const next = e.key === 'Home' ? 0 : e.key === 'End' ? buttons.length - 1 : at + (e.key === 'ArrowDown' ? 1 : -1);
  const target = buttons[Math.max(0, Math.min(buttons.length - 1, next))];
  if (!target) return;
  for (const b of buttons) b.tabIndex = b === target ? 0 : -1;
  target.focus();
}

/** The chapter outline beside the reader; the chapter in view is marked as the current one. */
export function ChapterOutline() {
  const docId = useStore((s) => s.openDocId);
  const kind = useStore((s) => s.openDoc?.kind);
  const chapters = useStore((s) => s.chapters);
  const error = useStore((s) => s.chaptersError);
  const topUnit = useStore((s) => s.topUnit);
  const rechapter = useStore((s) => s.rechapter);
  const resizeChapters = useStore((s) => s.resizeChapters);
  const granularity = useStore((s) => (s.openDocId ? s.granularity[s.openDocId] : undefined) ?? 'normal');
  const notify = useStore((s) => s.notify);
  const chatModelLoaded = useStore((s) => Boolean(s.modelInfo));
  // Job keys start with the document id (`<docId>:<granularity>:...`): a running one for this document.
  const chaptersRunning = useStore((s) =>
    Object.values(s.jobs).some((j) => j.kind === 'chapters' && j.state === 'running' && j.key.startsWith(`${docId}:`)),
  );
  if (!docId) return null;
  const retitle = retitleAvailability(chatModelLoaded, chapters, chaptersRunning);
  const start = (titles: 'auto' | 'model') =>
    void rechapter(titles).then((failure) => failure && notify(`Could not find chapters: ${failure.message}`));
  const segmented = chapters.some((c) => c.source === 'segmented');
  const resize = (direction: 'fewer' | 'more') => {
    const next = stepGranularity(granularity, direction);
    if (next)
      void resizeChapters(next).then((failure) => failure && notify(`Could not find chapters: ${failure.message}`));
  };
  // The current chapter is the last one that starts at or before the first unit in view.
  let current = -1;
  for (const c of chapters) if (c.startUnit <= topUnit) current = c.index;
  return (
    <nav className="outline" aria-label="Chapters">
      <div className="outline-head">
        <h2 className="section-title">Chapters</h2>
        <div className="row">
          <MenuButton
            label="Chapter options"
            className="icon-button"
            items={[
              { label: 'Find chapters again', onSelect: () => start('auto') },
              {
                label: 'Re-title with the model',
                onSelect: () => start('model'),
                disabled: !retitle.enabled,
                hint: retitle.hint,
              },
            ]}
          >
            <Icon name="more" />
          </MenuButton>
          <ExportMenu docId={docId} isTranscript={kind === 'transcript'} />
        </div>
      </div>
      {segmented && (
        <div className="chapter-size row" role="group" aria-label="Chapter size">
          <button
            type="button"
            className="small"
            onClick={() => resize('fewer')}
            disabled={chaptersRunning || !stepGranularity(granularity, 'fewer')}
            title="Longer chapters; the ones you edited stay"
          >
            Fewer chapters
          </button>
          <button
            type="button"
            className="small"
            onClick={() => resize('more')}
            disabled={chaptersRunning || !stepGranularity(granularity, 'more')}
            title="Shorter chapters; the ones you edited stay"
          >
            More chapters
          </button>
        </div>
      )}
      {error && (
        <p className="error small" role="alert">
          {error.message}
        </p>
      )}
      {!error && chapters.length === 0 && <p className="muted small">No chapters found yet.</p>}
      {/* One Tab stop for the whole list (the current chapter); the arrows, Home and End move inside it. */}
      <ol className="chapter-list" data-testid="chapter-list" onKeyDown={moveFocus}>
        {chapters.map((c, i) => (
          <ChapterItem
            key={`${c.index}:${c.title}`}
            chapter={c}
            current={c.index === current}
            tabStop={c.index === (current >= 0 ? current : chapters[0]?.index)}
            isLast={i === chapters.length - 1}
          />
        ))}
      </ol>
    </nav>
  );
}

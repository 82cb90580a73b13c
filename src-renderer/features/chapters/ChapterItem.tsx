import { useState } from 'react';
import type { Chapter } from '../../../src-shared/contract';
import { Icon } from '../../components/Icon';
import { MenuButton } from '../../components/Menu';
import { formatTime } from '../../lib/format';
import { useStore } from '../../store';

interface ChapterItemProps {
  chapter: Chapter;
  current: boolean;
  isLast: boolean;
  /** The list's one Tab stop (the others are reached with the arrow keys). */
  tabStop: boolean;
}

/** One outline entry: click to jump, "⋯" to rename or merge with the next one. */
export function ChapterItem({ chapter, current, isLast, tabStop }: ChapterItemProps) {
  const jumpToUnit = useStore((s) => s.jumpToUnit);
  const setDrawer = useStore((s) => s.setDrawer);
  const playAt = useStore((s) => s.playAt);
  const renameChapter = useStore((s) => s.renameChapter);
  const mergeChapter = useStore((s) => s.mergeChapter);
  const notify = useStore((s) => s.notify);
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(chapter.title);
  const where =
    chapter.time !== undefined ? formatTime(chapter.time) : chapter.page !== undefined ? `p.${chapter.page}` : '';

  if (editing) {
    return (
      <li className={`chapter level-${Math.min(chapter.level, 3)}`}>
        <form
          className="chapter-rename"
          onSubmit={(e) => {
            e.preventDefault();
            const next = title.trim();
            setEditing(false);
            if (!next || next === chapter.title) return;
            void renameChapter(chapter.index, next).then((error) => error && notify(`Rename failed: ${error.message}`));
          }}
        >
          <input
            aria-label={`New title for “${chapter.title}”`}
            autoFocus
            value={title}
            maxLength={300}
            onChange={(e) => setTitle(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.stopPropagation();
                setTitle(chapter.title);
                setEditing(false);
              }
            }}
            onBlur={(e) => e.currentTarget.form?.requestSubmit()}
          />
        </form>
      </li>
    );
  }
  return (
    <li className={`chapter level-${Math.min(chapter.level, 3)}${current ? ' current' : ''}`} data-testid="chapter">
      <button
        type="button"
        className="chapter-jump"
        tabIndex={tabStop ? 0 : -1}
        aria-current={current ? 'location' : undefined}
        aria-keyshortcuts="Shift+F10"
        onKeyDown={(e) => {
          // The actions button is out of the Tab order: Shift+F10 or the context-menu key opens it from here.
          if ((e.shiftKey && e.key === 'F10') || e.key === 'ContextMenu') {
            e.preventDefault();
            e.currentTarget.parentElement?.querySelector<HTMLButtonElement>('.chapter-more')?.click();
          }
        }}
        onClick={() => {
          jumpToUnit(chapter.startUnit);
          if (chapter.time !== undefined) playAt(chapter.time);
          // In a narrow window the outline is a drawer over the text: get it out of the way of where it jumped.
          setDrawer(undefined);
        }}
        onDoubleClick={() => {
          setTitle(chapter.title);
          setEditing(true);
        }}
        title={chapter.title}
      >
        <span className="chapter-title">{chapter.title}</span>
        <span className="chapter-where">{where}</span>
      </button>
      <MenuButton
        label={`Chapter actions for “${chapter.title}”`}
        className="icon-button chapter-more"
        tabIndex={-1}
        items={[
          {
            label: 'Rename…',
            onSelect: () => {
              setTitle(chapter.title);
              setEditing(true);
            },
          },
          {
            label: 'Merge with next chapter',
            disabled: isLast,
            onSelect: () =>
              void mergeChapter(chapter.index).then((error) => error && notify(`Merge failed: ${error.message}`)),
          },
        ]}
      >
        <Icon name="more" />
      </MenuButton>
    </li>
  );
}

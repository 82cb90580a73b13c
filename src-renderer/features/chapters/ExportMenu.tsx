import type { ChapterExportFormat } from '../../../src-shared/contract';
import { api } from '../../api/client';
import { Icon } from '../../components/Icon';
import { MenuButton } from '../../components/Menu';
import { useStore } from '../../store';
import { downloadText } from './downloadText';

const FORMATS: { format: ChapterExportFormat; label: string; transcriptOnly?: boolean }[] = [
  { format: 'md', label: 'Markdown outline' },
  { format: 'youtube', label: 'YouTube description timestamps', transcriptOnly: true },
  { format: 'vtt', label: 'WebVTT chapters', transcriptOnly: true },
  { format: 'podcast', label: 'Podcasting 2.0 chapters (JSON)', transcriptOnly: true },
  { format: 'json', label: 'JSON' },
];

/** Exports the chapters in a chosen format and downloads the file. */
export function ExportMenu({ docId, isTranscript }: { docId: string; isTranscript: boolean }) {
  const notify = useStore((s) => s.notify);
  return (
    <MenuButton
      label="Export chapters"
      className="icon-button"
      items={FORMATS.filter((f) => isTranscript || !f.transcriptOnly).map(({ format, label }) => ({
        label,
        onSelect: () => {
          void api()
            .exportChapters({ docId, format })
            .then((result) => {
              if (!result.ok) return notify(`Export failed: ${result.error.message}`);
              downloadText(result.value.fileName, result.value.mimeType, result.value.content);
              notify(`Saved ${result.value.fileName}.`);
            });
        },
      }))}
    >
      <Icon name="download" />
    </MenuButton>
  );
}

import type { OutlineEntry, Unit } from '../../../../src-shared/domain/document';
import { LecternError } from '../../../../src-shared/errors';
import type { ParsedDocument, ParseInput } from '../types';
import { baseName } from '../transcript/buildTranscript';

/** A paragraph or heading of a text-like document. */
export interface TextBlock {
  text: string;
  /** 1-based line where the block starts (for DOCX: the paragraph number). */
  line: number;
  headingLevel?: number;
}

export interface TextBuild {
  input: ParseInput;
  format: string;
  blocks: TextBlock[];
  warnings: string[];
}

/**
 * Blocks to a text document: one unit per block, block texts joined by "\n"; headings become the outline. The title
 * is the first level-1 heading, else the file name.
 */
export function buildTextDocument({ input, format, blocks, warnings }: TextBuild): ParsedDocument {
  const kept = blocks.filter((block) => block.text.length > 0);
  if (kept.length === 0) {
    throw new LecternError('UNSUPPORTED_FORMAT', `${input.fileName} contains no text.`, {
      fileName: input.fileName,
      format,
    });
  }
  const units: Unit[] = [];
  const outline: OutlineEntry[] = [];
  let offset = 0;
  for (const [index, block] of kept.entries()) {
    if (index > 0) offset += 1;
    units.push({
      index,
      start: offset,
      end: offset + block.text.length,
      anchor: { type: 'text', line: block.line },
      ...(block.headingLevel ? { headingLevel: block.headingLevel } : {}),
    });
    if (block.headingLevel) outline.push({ title: block.text, level: block.headingLevel, unitIndex: index });
    offset += block.text.length;
  }
  const h1 = kept.find((block) => block.headingLevel === 1);
  return {
    title: h1?.text ?? baseName(input.fileName),
    kind: 'text',
    text: kept.map((block) => block.text).join('\n'),
    units,
    ...(outline.length > 0 ? { outline } : {}),
    meta: {
      fileName: input.fileName,
      sizeBytes: input.bytes.byteLength,
      format,
      ...(warnings.length > 0 ? { warnings } : {}),
    },
  };
}

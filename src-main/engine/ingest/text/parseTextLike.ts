import { LecternError } from '../../../../src-shared/errors';
import type { StageContext } from '../../jobs/JobRunner';
import { detectFormat, type DetectedFormat } from '../detectFormat';
import { parseSrt } from '../transcript/parseSrt';
import { parseTimestampedText } from '../transcript/parseTimestampedText';
import { parseVtt } from '../transcript/parseVtt';
import { parseWhisperJson } from '../transcript/parseWhisperJson';
import { parseYoutubeXml } from '../transcript/parseYoutubeXml';
import type { ParsedDocument, ParseInput, Parser } from '../types';
import { parseDocx } from './parseDocx';
import { parseMarkdown } from './parseMarkdown';
import { parsePlainText } from './parsePlainText';

const PARSERS: Record<Exclude<DetectedFormat, 'pdf'>, Parser> = {
  srt: parseSrt,
  vtt: parseVtt,
  'whisper-json': parseWhisperJson,
  'youtube-xml': parseYoutubeXml,
  'timestamped-text': parseTimestampedText,
  markdown: parseMarkdown,
  text: parsePlainText,
  docx: parseDocx,
};

/**
 * Parses every format except PDF (which has its own parser and options). The format is detected from the content
 * unless the caller already knows it.
 */
export async function parseTextLike(
  input: ParseInput,
  ctx: StageContext,
  format?: DetectedFormat,
): Promise<ParsedDocument> {
  const chosen = format ?? detectFormat(input.bytes, input.fileName);
  if (chosen === 'pdf') {
    throw new LecternError('INTERNAL', 'PDF files go to the PDF parser, not parseTextLike.');
  }
  return await PARSERS[chosen](input, ctx);
}

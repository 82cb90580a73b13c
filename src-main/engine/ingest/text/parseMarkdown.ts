import { throwIfCancelled, type StageContext } from '../../jobs/JobRunner';
import { decodeTextNoting } from '../decodeText';
import type { ParsedDocument, ParseInput } from '../types';
import { buildTextDocument } from './buildTextDocument';
import { markdownBlocks } from './markdownBlocks';

export function parseMarkdown(input: ParseInput, ctx: StageContext): Promise<ParsedDocument> {
  return Promise.resolve().then(() => {
    throwIfCancelled(ctx.signal);
    const warnings: string[] = [];
    const blocks = markdownBlocks(decodeTextNoting(input.bytes, warnings));
    return buildTextDocument({ input, format: 'markdown', blocks, warnings });
  });
}

import { throwIfCancelled, type StageContext } from '../../jobs/JobRunner';
import { decodeTextNoting } from '../decodeText';
import type { ParsedDocument, ParseInput } from '../types';
import { buildTextDocument } from './buildTextDocument';
import { plainTextBlocks } from './paragraphBlocks';

export function parsePlainText(input: ParseInput, ctx: StageContext): Promise<ParsedDocument> {
  return Promise.resolve().then(() => {
    throwIfCancelled(ctx.signal);
    const warnings: string[] = [];
    const blocks = plainTextBlocks(decodeTextNoting(input.bytes, warnings));
    return buildTextDocument({ input, format: 'text', blocks, warnings });
  });
}

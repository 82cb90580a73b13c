import { XMLParser } from 'fast-xml-parser';
import mammoth from 'mammoth';
import { LecternError } from '../../../../src-shared/errors';
import { throwIfCancelled, type StageContext } from '../../jobs/JobRunner';
import { decodeEntities } from '../transcript/cueText';
import type { ParsedDocument, ParseInput } from '../types';
import { childrenOf, tagOf, textOf, type OrderedNode } from '../orderedXml';
import { buildTextDocument, type TextBlock } from './buildTextDocument';

const htmlParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  htmlEntities: true,
});

const HEADING = /^h([1-6])$/;
// Elements whose text is one block; everything else (lists, tables, rows, cells) is walked into.
const BLOCKS = new Set(['p', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'blockquote']);

// Nested lists are blocks of their own, not part of the item's text.
const LISTS: ReadonlySet<string> = new Set(['ul', 'ol']);
const inlineText = (nodes: readonly OrderedNode[]): string => textOf(nodes, LISTS);

function collectBlocks(nodes: readonly OrderedNode[], blocks: TextBlock[]): void {
  for (const node of nodes) {
    const tag = tagOf(node);
    if (!tag) continue;
    if (BLOCKS.has(tag)) {
      const text = decodeEntities(inlineText(childrenOf(node, tag)))
        .split('\n')
        .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
        .filter((line) => line.length > 0)
        .join('\n');
      const level = HEADING.exec(tag)?.[1];
      // The paragraph number stands in for a line number: a Word file has no lines.
      blocks.push({ text, line: blocks.length + 1, ...(level ? { headingLevel: Number(level) } : {}) });
    }
    // Nested lists live inside <li>; walk them too so their items are blocks of their own.
    if (!BLOCKS.has(tag) || tag === 'li') collectBlocks(childrenOf(node, tag), blocks);
  }
}

/** DOCX through mammoth's HTML conversion, which keeps Word's heading styles as <h1>..<h6> for the outline. */
export async function parseDocx(input: ParseInput, ctx: StageContext): Promise<ParsedDocument> {
  throwIfCancelled(ctx.signal);
  let html: string;
  const warnings: string[] = [];
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength) },
      { externalFileAccess: false },
    );
    html = result.value;
    const problems = result.messages.filter((message) => message.type === 'error').length;
    if (problems > 0) warnings.push(`the Word converter reported ${problems} problems; some content may be missing`);
  } catch (error) {
    throw new LecternError('UNSUPPORTED_FORMAT', `${input.fileName} could not be read as a Word document.`, {
      cause: (error as Error).message,
    });
  }
  throwIfCancelled(ctx.signal);
  const blocks: TextBlock[] = [];
  collectBlocks(htmlParser.parse(`<body>${html}</body>`) as OrderedNode[], blocks);
  return buildTextDocument({ input, format: 'docx', blocks, warnings });
}

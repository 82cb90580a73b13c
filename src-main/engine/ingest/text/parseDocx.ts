import { XMLParser } from 'fast-xml-parser';
import mammoth from 'mammoth';
import { LecternError } from '../../../../src-shared/errors';
import type { StageContext } from '../../jobs/JobRunner';
import { decodeEntities } from '../transcript/cueText';
import { throwIfCancelled } from '../transcript/throwIfCancelled';
import type { ParsedDocument, ParseInput } from '../types';
import { buildTextDocument, type TextBlock } from './buildTextDocument';

type OrderedNode = Record<string, unknown>;

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

function tagOf(node: OrderedNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@' && key !== '#text');
}

function children(node: OrderedNode, tag: string): OrderedNode[] {
  const value = node[tag];
  return Array.isArray(value) ? (value as OrderedNode[]) : [];
}

function inlineText(nodes: readonly OrderedNode[]): string {
  let out = '';
  for (const node of nodes) {
    const text = node['#text'];
    if (typeof text === 'string' || typeof text === 'number') out += String(text);
    const tag = tagOf(node);
    if (tag === 'br') out += '\n';
    else if (tag && tag !== 'ul' && tag !== 'ol') out += inlineText(children(node, tag));
  }
  return out;
}

function collectBlocks(nodes: readonly OrderedNode[], blocks: TextBlock[]): void {
  for (const node of nodes) {
    const tag = tagOf(node);
    if (!tag) continue;
    if (BLOCKS.has(tag)) {
      const text = decodeEntities(inlineText(children(node, tag)))
        .split('\n')
        .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
        .filter((line) => line.length > 0)
        .join('\n');
      const level = HEADING.exec(tag)?.[1];
      // The paragraph number stands in for a line number: a Word file has no lines.
      blocks.push({ text, line: blocks.length + 1, ...(level ? { headingLevel: Number(level) } : {}) });
    }
    // Nested lists live inside <li>; walk them too so their items are blocks of their own.
    if (!BLOCKS.has(tag) || tag === 'li') collectBlocks(children(node, tag), blocks);
  }
}

/** DOCX through mammoth's HTML conversion, which keeps Word's heading styles as <h1>..<h6> for the outline. */
export async function parseDocx(input: ParseInput, ctx: StageContext): Promise<ParsedDocument> {
  throwIfCancelled(ctx);
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
  throwIfCancelled(ctx);
  const blocks: TextBlock[] = [];
  collectBlocks(htmlParser.parse(`<body>${html}</body>`) as OrderedNode[], blocks);
  return buildTextDocument({ input, format: 'docx', blocks, warnings });
}

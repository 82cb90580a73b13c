import { XMLParser } from 'fast-xml-parser';
import { LecternError } from '../../../../src-shared/errors';
import { throwIfCancelled, type StageContext } from '../../jobs/JobRunner';
import { decodeTextNoting } from '../decodeText';
import { childrenOf, tagOf, textOf, type OrderedNode } from '../orderedXml';
import type { ParsedDocument, ParseInput } from '../types';
import { buildTranscript, describeLines, plural, type Cue } from './buildTranscript';
import { decodeEntities, stripHtmlLikeTags, tidyLines } from './cueText';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  htmlEntities: true,
});

function attr(node: OrderedNode, name: string): string | undefined {
  const attrs = node[':@'];
  if (typeof attrs !== 'object' || attrs === null) return undefined;
  const value = (attrs as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

function findAll(nodes: readonly OrderedNode[], tag: string, found: OrderedNode[] = []): OrderedNode[] {
  for (const node of nodes) {
    const name = tagOf(node);
    if (!name) continue;
    if (name === tag) found.push(node);
    else findAll(childrenOf(node, name), tag, found);
  }
  return found;
}

function number(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** Cue text: YouTube escapes markup inside the XML (`&lt;i&gt;`), and older captions double-escape (`&amp;#39;`). */
function cleanText(raw: string): string {
  return tidyLines(raw.split('\n').map((line) => decodeEntities(stripHtmlLikeTags(decodeEntities(line))))).join('\n');
}

/**
 * YouTube timed text: the classic `<transcript><text start="1.2" dur="3.4">` (seconds) and format 3
 * `<timedtext format="3"><body><p t="1200" d="3400">` (milliseconds).
 */
export function parseYoutubeXmlText(source: string, warnings: string[]): Cue[] {
  let tree: OrderedNode[];
  try {
    tree = parser.parse(source) as OrderedNode[];
  } catch (error) {
    throw new LecternError('TRANSCRIPT_MALFORMED', `Not readable XML: ${(error as Error).message}`);
  }
  const cues: Cue[] = [];
  const bad: number[] = [];
  const classic = findAll(tree, 'text');
  const format3 = classic.length > 0 ? [] : findAll(tree, 'p');
  for (const [index, node] of classic.entries()) {
    const start = number(attr(node, 'start'));
    const dur = number(attr(node, 'dur')) ?? 0;
    if (start === undefined) bad.push(index + 1);
    else cues.push({ start, end: start + dur, text: cleanText(textOf(childrenOf(node, 'text'))) });
  }
  for (const [index, node] of format3.entries()) {
    const t = number(attr(node, 't'));
    const d = number(attr(node, 'd')) ?? 0;
    if (t === undefined) bad.push(index + 1);
    else cues.push({ start: t / 1000, end: (t + d) / 1000, text: cleanText(textOf(childrenOf(node, 'p'))) });
  }
  if (cues.length === 0) {
    throw new LecternError('TRANSCRIPT_MALFORMED', 'The YouTube transcript has no timed <text> or <p> entries.', {
      badEntries: bad.slice(0, 50),
    });
  }
  if (bad.length > 0) {
    warnings.push(
      `skipped ${plural(bad.length, 'entry', 'entries')} without a start time (entries ${describeLines(bad)})`,
    );
  }
  return cues;
}

export function parseYoutubeXml(input: ParseInput, ctx: StageContext): Promise<ParsedDocument> {
  return Promise.resolve().then(() => {
    throwIfCancelled(ctx.signal);
    const warnings: string[] = [];
    const cues = parseYoutubeXmlText(decodeTextNoting(input.bytes, warnings), warnings);
    throwIfCancelled(ctx.signal);
    return buildTranscript({ input, format: 'youtube-xml', cues, warnings });
  });
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src-main/engine/ingest/detectFormat';
import { parseVtt } from '../../../src-main/engine/ingest/transcript/parseVtt';
import { ctx, expectConsistent, repoRoot } from './ingestTestKit';

describe('resources/samples/sample-podcast.vtt', () => {
  it('is a 20+ minute, 200+ cue WebVTT transcript with three voiced speakers and no skipped cues', async () => {
    const fileName = 'sample-podcast.vtt';
    const bytes = readFileSync(join(repoRoot, 'resources', 'samples', fileName));
    expect(detectFormat(bytes, fileName)).toBe('vtt');
    const doc = await parseVtt({ bytes, fileName }, ctx());
    expectConsistent(doc);
    expect(doc.meta.warnings).toBeUndefined();
    expect(doc.units.length).toBeGreaterThanOrEqual(200);
    expect(doc.meta.durationSec).toBeGreaterThan(20 * 60);
    const speakers = new Set(doc.units.map((u) => (u.anchor.type === 'time' ? u.anchor.speaker : undefined)));
    expect([...speakers].sort()).toEqual(['Maya Lindqvist', 'Priya Raman', 'Tomas Okafor']);
    // The topics come in order: words of each appear first where that topic starts.
    const at = (word: string) => doc.text.indexOf(word);
    const order = ['welcome', 'Pharos', 'Fresnel', 'wickie', 'Dalén', 'take away'].map(at);
    expect(order.every((pos) => pos >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

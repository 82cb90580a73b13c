import { describe, expect, it } from 'vitest';
import type { LecternDocument } from '../../../src-shared/domain/document';
import { segmentedChapters } from '../../../src-main/engine/chapters/chapterDocument';
import { modelChapters } from '../../../src-main/engine/chapters/modelChapters';

// What the chat model is shown: the model-free boundaries and their key phrases as global context. The model's turn
// is recorded and answered with nothing usable, so the fallback (the model-free chapters) must come back unchanged.
function meeting(): LecternDocument {
  const lines: string[] = [];
  for (let i = 0; i < 30; i++) lines.push(`The battery life matters. A kinetic battery could charge it, point ${i}.`);
  for (let i = 0; i < 30; i++)
    lines.push(`The remote control buttons are small. Remote control buttons glow, note ${i}.`);
  let text = '';
  const units = lines.map((line, index) => {
    const start = text.length;
    text += `${line}\n`;
    return {
      index,
      start,
      end: start + line.length,
      anchor: { type: 'time' as const, start: index * 20, end: index * 20 + 18 },
    };
  });
  return { id: 'm', title: 'Design meeting', kind: 'transcript', text, units, meta: {} } as LecternDocument;
}

describe('modelChapters prompt', () => {
  it('gives each window the proposed breaks with their key phrases, and keeps the fallback', async () => {
    const doc = meeting();
    const proposals = segmentedChapters(doc);
    expect(proposals.length).toBeGreaterThanOrEqual(2);
    const prompts: string[] = [];
    const result = await modelChapters(
      doc,
      proposals,
      {
        complete: (request) => {
          prompts.push(request.prompt);
          return Promise.resolve({ text: '{}', json: {} });
        },
        countTokens: (t) => Math.ceil(t.length / 4),
        contextSize: 8192,
      },
      { signal: new AbortController().signal, onProgress: () => undefined },
    );
    const all = prompts.join('\n');
    for (const p of proposals) expect(all).toContain(`u${p.startUnit} (key phrases: ${p.title}`);
    expect(all).toMatch(/Kinetic battery|Battery life/);
    expect(result.chapters.map((c) => c.startUnit)).toEqual(proposals.map((c) => c.startUnit));
  });
});

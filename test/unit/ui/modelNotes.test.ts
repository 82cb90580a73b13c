import { describe, expect, it } from 'vitest';
import { contextNotes } from '../../../src-renderer/features/chat/contextNotes';
import { retitleAvailability } from '../../../src-renderer/features/chapters/retitleAvailability';
import { onnxFolderHelp, onnxKindLabel, onnxProblemHelp } from '../../../src-renderer/features/models/onnxProblemHelp';

describe('onnxProblemHelp', () => {
  it('says what to do for each error loadOnnxModel can answer, keeping the engine message as the detail', () => {
    const missing = onnxProblemHelp({ code: 'TOKENIZER_MISSING', message: '/m/x has no tokenizer.json or vocab.txt.' });
    expect(missing).toEqual({
      summary: 'No tokenizer — add tokenizer.json or vocab.txt to this folder.',
      detail: '/m/x has no tokenizer.json or vocab.txt.',
    });
    expect(onnxProblemHelp({ code: 'ONNX_MODEL_INVALID', message: 'bad' }).summary).toMatch(/Download the model again/);
    expect(onnxProblemHelp({ code: 'MODEL_INCOMPATIBLE', message: 'bad' }).summary).toMatch(/lectern\.json/);
    expect(onnxProblemHelp({ code: 'MODEL_NOT_FOUND', message: 'gone' }).summary).toMatch(/no longer there/);
  });

  it('falls back to the engine message for codes it has no advice for', () => {
    expect(onnxProblemHelp({ code: 'INTERNAL', message: 'Internal error: boom' })).toEqual({
      summary: 'Internal error: boom',
    });
  });

  it('flags folders that cannot be used and labels their kind', () => {
    const base = { dir: '/m/a', name: 'a', sizeBytes: 10, hasTokenizer: true };
    expect(onnxFolderHelp({ ...base, kind: 'embedding', dims: 384 })).toBeUndefined();
    expect(onnxFolderHelp({ ...base, kind: 'unknown' })?.summary).toMatch(/Not recognised/);
    expect(
      onnxFolderHelp({ ...base, kind: 'embedding', problem: { code: 'TOKENIZER_MISSING', message: 'm' } })?.summary,
    ).toMatch(/^No tokenizer/);
    expect(onnxKindLabel({ kind: 'embedding', dims: 384 })).toBe('Embeddings · 384 dims');
    expect(onnxKindLabel({ kind: 'compressor' })).toBe('Compressor (LLMLingua-2)');
  });
});

describe('contextNotes', () => {
  it('is empty for an answer that had the whole compressed document and its turns', () => {
    expect(
      contextNotes({ contextMode: 'compressed', conversation: { pastTurns: 3, evictedPassages: 0, evictedTurns: 0 } }),
    ).toEqual([]);
    expect(contextNotes({})).toEqual([]);
  });

  it('says when chapter summaries stood in and when older turns were cut', () => {
    const notes = contextNotes({
      contextMode: 'summaries',
      conversation: { pastTurns: 5, evictedPassages: 2, evictedTurns: 1 },
    });
    expect(notes.map((n) => n.kind)).toEqual(['summaries', 'evicted']);
    expect(notes[0]?.text).toMatch(/chapter summaries stood in for the parts not retrieved/);
    expect(notes[1]?.text).toBe(
      'Older turns were shortened to make room: the passages retrieved for 2 earlier questions and 1 whole earlier ' +
        'turn left the model’s context.',
    );
    expect(contextNotes({ conversation: { pastTurns: 1, evictedPassages: 1, evictedTurns: 0 } })[0]?.text).toMatch(
      /for 1 earlier question left/,
    );
  });
});

describe('retitleAvailability', () => {
  const segmented = [{ source: 'segmented' as const }, { source: 'user' as const }];
  it('needs a chat model, and chapters the model may title', () => {
    expect(retitleAvailability(false, segmented, false)).toMatchObject({ enabled: false, hint: /Load a chat model/ });
    expect(retitleAvailability(true, [{ source: 'outline' }], false)).toMatchObject({ enabled: false });
    expect(retitleAvailability(true, segmented, true)).toMatchObject({ enabled: false, hint: /being found/ });
    expect(retitleAvailability(true, segmented, false).enabled).toBe(true);
  });
});

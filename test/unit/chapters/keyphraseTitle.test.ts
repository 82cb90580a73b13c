import { describe, expect, it } from 'vitest';
import { keyphraseTitle, keyphraseTitles, segmentKeyphrases } from '../../../src-main/engine/chapters/keyphraseTitle';
import { STOP_WORDS } from '../../../src-main/engine/chapters/stopWords';
import { titleClauses } from '../../../src-main/engine/chapters/titleWords';

const SEGMENTS = [
  'We looked at the remote control design. The remote control needs fewer buttons. Um, yeah, the buttons on the remote control are too small.',
  'The battery life matters. A solar panel could charge the battery. Battery life and solar charging were discussed, okay.',
  'Marketing found that young users want a fancy look. The fancy look sells. Young users also like bright colours.',
  'Yeah. Okay. Um.',
];

const CONJUNCTIONS = new Set(['and', 'or', 'but', 'nor', 'so', 'yet', 'because', 'while']);

function words(title: string): string[] {
  return title.split(/\s+/).filter((w) => w.length > 0);
}

/** Whether the title's words stand contiguously, in order, inside one clause of the text (ignoring case). */
function isContiguousPhrase(title: string, text: string): boolean {
  const t = titleClauses(title)
    .flat()
    .map((w) => w.toLowerCase());
  return titleClauses(text).some((clause) => {
    const c = clause.map((w) => w.toLowerCase());
    for (let i = 0; i + t.length <= c.length; i++) if (t.every((w, k) => c[i + k] === w)) return true;
    return false;
  });
}

describe('keyphraseTitles', () => {
  const titles = keyphraseTitles(SEGMENTS, { spoken: true });

  it('gives every segment with content a title of 2 to 6 words without stop words at either end', () => {
    expect(titles).toHaveLength(SEGMENTS.length);
    for (const title of titles.slice(0, 3)) {
      const w = words(title);
      expect(w.length, title).toBeGreaterThanOrEqual(2);
      expect(w.length, title).toBeLessThanOrEqual(6);
      expect(STOP_WORDS.has((w[0] ?? '').toLowerCase()), title).toBe(false);
      expect(STOP_WORDS.has((w[w.length - 1] ?? '').toLowerCase()), title).toBe(false);
    }
    // Nothing but fillers: no phrase to name it by, and still not an empty title.
    expect(titles[3]).toBe('Part 4');
  });

  it('makes each title a contiguous phrase of its own chapter, with no conjunction at all', () => {
    for (const [i, title] of titles.slice(0, 3).entries()) {
      expect(isContiguousPhrase(title, SEGMENTS[i] ?? ''), title).toBe(true);
      for (const w of words(title)) expect(CONJUNCTIONS.has(w.toLowerCase()), title).toBe(false);
    }
  });

  it('names a segment after its recurring noun phrase, in sentence case', () => {
    expect(titles[0]).toBe('Remote control');
    expect(titles[1]).toBe('Battery life');
  });

  it('never takes a verb phrase or a person name for a title of a conversation', () => {
    const talk = [
      'I think we should talk about it. We should talk about it soon. Really think about it.',
      'John Smith said that. John Smith agreed with John Smith on the budget figures. The budget figures are late.',
      'The kinetic battery is cheap. A kinetic battery lasts. Kinetic battery options.',
    ];
    const got = keyphraseTitles(talk, { spoken: true });
    expect(got[1]).toBe('Budget figures');
    expect(got[2]).toMatch(/^Kinetic battery/);
    expect(got[0]).not.toMatch(/should talk|really think/i);
  });

  it('keeps the document casing of acronyms and names', () => {
    const got = keyphraseTitles([
      'The new LCD screen costs more. An LCD screen is bright. We priced the LCD screen.',
      'Paris hotels are full. We booked Paris hotels early. Paris hotels cost more in May.',
    ]);
    expect(got).toEqual(['LCD screen', 'Paris hotels']);
  });

  it('titles text in other scripts with words of that text, never empty', () => {
    const got = keyphraseTitles([
      'Обсуждение бюджета проекта. Бюджет проекта утверждён. Обсуждение бюджета проекта закончено.',
      '遥控器的电池选项很重要。我们讨论了电池选项。电池选项的价格。',
    ]);
    expect(got[0]).toMatch(/бюджета|проекта/);
    expect(got[1]).toMatch(/电池/);
    for (const [i, title] of got.entries()) {
      expect(title.trim().length).toBeGreaterThan(0);
      expect(title).not.toMatch(/\uFFFD/);
      expect(isContiguousPhrase(title, i === 0 ? 'Обсуждение бюджета проекта' : '我们讨论了电池选项'), title).toBe(
        true,
      );
    }
  });

  it('keeps titles unique within a document', () => {
    const repeated = keyphraseTitles([SEGMENTS[0] ?? '', SEGMENTS[0] ?? '', SEGMENTS[1] ?? '']);
    expect(new Set(repeated.map((t) => t.toLowerCase())).size).toBe(3);
  });

  it('titles a single segment', () => {
    expect(words(keyphraseTitle(SEGMENTS[2] ?? '', SEGMENTS)).length).toBeGreaterThanOrEqual(2);
  });

  it('gives a chat model several distinct phrases per chapter, the title first', () => {
    const phrases = segmentKeyphrases(SEGMENTS.slice(0, 3), 3);
    expect(phrases[1]?.[0]).toBe(keyphraseTitles(SEGMENTS.slice(0, 3))[1]);
    for (const list of phrases) expect(new Set(list).size).toBe(list.length);
  });
});

describe('keyphraseTitles: the chapter opening', () => {
  it('prefers the phrase the chapter opens with over one said as often later', () => {
    // "power supply" and "button layout" are each said twice; only the first opens the chapter.
    const chapter = [
      'Next is the power supply.',
      'Okay.',
      'Right.',
      'Yes.',
      'Well the power supply is fine.',
      'Then the button layout.',
      'Sure.',
      'Yes.',
      'Fine.',
      'The button layout too.',
    ].join(' ');
    const other = 'The marketing report shows young users. Young users like colours.';
    expect(keyphraseTitles([chapter, other], { spoken: true })[0]).toBe('Power supply');
    expect(
      keyphraseTitles([chapter.replace('Next is the power supply.', 'Next.'), other], { spoken: true })[0],
    ).not.toBe('Power supply');
  });
});

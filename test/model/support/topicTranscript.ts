import { writeFileSync } from 'node:fs';

/** Four topics with their own words, so a chapter boundary and a retrieved segment have something to find. */
const TOPICS: { name: string; words: string[] }[] = [
  {
    name: 'lighthouse',
    words: 'lighthouse keeper lamp lens beacon storm harbour granite fog horn signal tide'.split(' '),
  },
  { name: 'bakery', words: 'bakery flour oven sourdough dough yeast crust loaf baker butter rye starter'.split(' ') },
  {
    name: 'orbit',
    words: 'satellite orbit rocket launch telescope planet gravity comet moon station apogee'.split(' '),
  },
  {
    name: 'violin',
    words: 'violin bow string concerto orchestra rehearsal cello tuning melody score luthier'.split(' '),
  },
];
const GLUE = 'we talked about the and then how it was really quite interesting because'.split(' ');

function stamp(seconds: number): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)},000`;
}

/** A deterministic SRT of `cuesPerTopic` cues on each of four topics in turn; returns the topics' first cue numbers. */
export function writeTopicSrt(file: string, cuesPerTopic: number): { topicStarts: number[]; cues: number } {
  const parts: string[] = [];
  const topicStarts: number[] = [];
  let cue = 0;
  for (const topic of TOPICS) {
    topicStarts.push(cue);
    for (let i = 0; i < cuesPerTopic; i++) {
      const words: string[] = [];
      for (let j = 0; j < 14; j++) {
        const pool = j % 3 === 2 ? GLUE : topic.words;
        words.push(pool[(cue * 5 + j * 7) % pool.length] ?? 'and');
      }
      const text = `${words.join(' ')}, said speaker ${(cue % 2) + 1} about the ${topic.name}.`;
      parts.push(`${cue + 1}\n${stamp(cue * 6)} --> ${stamp(cue * 6 + 5)}\n${text}\n`);
      cue++;
    }
  }
  writeFileSync(file, parts.join('\n'));
  return { topicStarts, cues: cue };
}

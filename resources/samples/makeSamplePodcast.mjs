// Writes sample-podcast.vtt: an invented three-person podcast about lighthouses, written for Lectern as a sample
// transcript (original text, no real recording). Six topics in sequence give chaptering something to find.
// Run: node resources/samples/makeSamplePodcast.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SPEAKERS = { M: 'Maya Lindqvist', T: 'Tomas Okafor', P: 'Priya Raman' };

/** [speaker, line] per topic; each line becomes one cue. */
const TOPICS = [
  [
    ['M', 'Hello and welcome to Signal Fire, the show about the quiet machines that keep people safe.'],
    ['M', "I'm Maya, and today the whole episode is about lighthouses."],
    ['M', 'With me are two guests who have spent far too long thinking about towers by the sea.'],
    ['T', "Hi Maya, I'm Tomas. I write about maritime history, mostly harbours and the people who built them."],
    ['P', "And I'm Priya. I'm an optical engineer, so I'll be the one talking about glass and light."],
    ['M', "Great. Here's the plan: first some history, then how the lenses actually work."],
    ['M', 'After that we will talk about what life was like for the keepers, then automation, and then we wrap up.'],
    ['T', 'That is a good order, because each part explains the next one.'],
    ['P', 'And I promise to keep the physics gentle.'],
    ['M', 'Before we start, why lighthouses? Why do they still fascinate people?'],
    ['T', 'I think it is because they are a promise. Someone you will never meet left a light on for you.'],
    ['P', 'For me it is the engineering. A lighthouse is a very old answer to a very hard problem.'],
    ['P', 'How do you tell a ship, twenty miles away at night, exactly where it is?'],
    ['M', "Let's hold that question. Tomas, take us back to the beginning."],
  ],
  [
    ['T', 'The oldest lights were simply fires on hilltops, lit by people who wanted boats to come home.'],
    ['T', 'The famous one is the Pharos of Alexandria, built around two hundred and eighty years before the common era.'],
    ['M', 'How tall was it?'],
    ['T', 'Estimates vary, but probably over a hundred metres, which made it one of the tallest buildings of its age.'],
    ['T', 'It stood for more than a thousand years until earthquakes brought it down.'],
    ['M', 'And the Romans built lights as well, right?'],
    ['T', 'They did. There is a Roman lighthouse still standing inside Dover Castle in England.'],
    ['T', 'And the Tower of Hercules in northern Spain is Roman at its core and still works today.'],
    ['P', 'Still working after nearly two thousand years is a reliability figure engineers can only dream of.'],
    ['T', 'After Rome, the story goes quiet for a long time. Lights were local, often kept by monks or towns.'],
    ['M', 'When does it become organised?'],
    ['T', 'In the sixteen and seventeen hundreds, as trade by sea exploded.'],
    ['T', 'Shipowners paid light dues when they entered port, and that money paid for towers.'],
    ['T', 'Some lights were private businesses. Owners could become very rich from the dues.'],
    ['M', 'That sounds like it could go wrong.'],
    ['T', 'It did. Some private lights were badly kept, so governments slowly took them over.'],
    ['T', 'In Britain, Trinity House bought out the last private lights in the eighteen thirties.'],
    ['T', 'The hardest problem was building on rocks in open water.'],
    ['T', 'The Eddystone rocks off Plymouth had four towers, one after another.'],
    ['T', 'The first was washed away in a great storm in seventeen oh three, with its builder inside.'],
    ['M', "That's grim."],
    ['T', 'The third, by John Smeaton, used dovetailed granite blocks and a shape like an oak trunk.'],
    ['T', 'It was so good that it was taken down and rebuilt on land when the rock beneath it began to crack.'],
    ['P', "Smeaton's tower is also where modern hydraulic lime comes from. He tested mortars that set under water."],
    ['T', 'Exactly. Lighthouse building pushed civil engineering forward again and again.'],
    ['M', 'So by the early eighteen hundreds we have solid towers. What was wrong with the light itself?'],
    ['T', 'The light was weak. Candles, then oil lamps with simple metal reflectors behind them.'],
    ['T', 'Most of the light went up into the sky or down into the sea.'],
    ['M', 'Which brings us to Priya.'],
  ],
  [
    ['P', 'Right. The big change came from a French physicist, Augustin Fresnel, in the eighteen twenties.'],
    ['P', 'The goal is simple to state: take light going in every direction and send it all towards the horizon.'],
    ['P', 'A normal lens can do that, but for a lighthouse it would have to be enormous and thick.'],
    ['M', 'Too heavy?'],
    ['P', 'Too heavy, too expensive, and thick glass absorbs light and cracks when the lamp heats it.'],
    ['P', "Fresnel's insight was that only the curved surface of a lens does the bending."],
    ['P', 'So you can cut the lens into rings and throw away the flat glass in the middle of each ring.'],
    ['P', 'What is left is a set of thin concentric prisms that behave like one big lens.'],
    ['M', "That's the ridged glass you see in old lighthouse photos."],
    ['P', 'Yes. The central band bends light by refraction, like any lens.'],
    ['P', 'Above and below, there are prisms that use total internal reflection to catch steeper rays.'],
    ['P', 'Light enters the prism, bounces off its back face without any mirror coating, and leaves level.'],
    ['T', 'Before this, the best lights used silvered reflectors, and the silver had to be polished every day.'],
    ['P', 'And even then, a reflector lost about half the light. A Fresnel lens sends most of it where it is needed.'],
    ['M', 'How much brighter are we talking?'],
    ['P', 'Early tests showed a single lamp behind a Fresnel lens outshining dozens of lamps with reflectors.'],
    ['P', 'Lenses came in sizes called orders. A first order lens is over two metres tall.'],
    ['P', 'Smaller orders were used for harbours and rivers where the light only had to reach a few miles.'],
    ['M', 'Now, every lighthouse has its own pattern of flashes. How does a lens make a flash?'],
    ['P', 'You build the lens as a set of panels, each one focusing light into a narrow beam.'],
    ['P', 'Then you rotate the whole lens. Every time a beam sweeps past your ship, you see a flash.'],
    ['P', 'The number of panels and the speed of rotation set the rhythm, which is called the characteristic.'],
    ['T', 'And sailors had printed lists of characteristics, so a pattern told them which light they were seeing.'],
    ['P', 'Rotating a lens that weighs several tonnes smoothly was its own problem.'],
    ['P', 'Many lights floated the lens on a bath of mercury, so a clockwork weight could turn it.'],
    ['M', 'A bath of mercury. That sounds unhealthy.'],
    ['P', 'It was. Keepers breathed mercury vapour for decades, and cleanup is still needed in some towers.'],
    ['M', 'What about the lamp itself?'],
    ['P', 'Oil lamps with several wicks, then pressurised paraffin burners with a glowing mantle.'],
    ['P', 'Then electric lamps, and today mostly LEDs, which need no lens at all for many small lights.'],
    ['T', 'Which changed the job of the keeper completely. But that is later in the story.'],
  ],
  [
    ['M', "Let's talk about the keepers. Tomas, who were they?"],
    ['T', 'Usually men, often former sailors, though there were many women keepers too, often widows of keepers.'],
    ['T', 'In the United States, more than a hundred women were official keepers in the nineteenth century.'],
    ['M', 'What did a normal night look like?'],
    ['T', 'Lighting up at sunset, then watches through the night to keep the flame steady.'],
    ['T', 'Wicks had to be trimmed every few hours, or the flame smoked and blackened the lens.'],
    ['T', "That's where the old nickname wickie comes from."],
    ['P', 'And every morning the lens had to be cleaned, with linen cloths, and covered so the sun would not start a fire.'],
    ['M', 'Start a fire?'],
    ['P', 'A big lens focuses sunlight just as well as it spreads lamplight. Curtains were hung in the lantern room by day.'],
    ['T', 'Then there was the clockwork. The weight had to be wound up every few hours, all night.'],
    ['T', 'And the log book. Weather, visibility, ships seen, oil used, all written down.'],
    ['M', 'It sounds lonely.'],
    ['T', 'On land stations families lived together, kept gardens, and children rowed to school.'],
    ['T', 'Rock stations were different. Three men, no families, weeks on and weeks off.'],
    ['T', 'Relief boats could be delayed for weeks by bad weather, and food ran short.'],
    ['M', 'Why three people and not two?'],
    ['T', 'Because of accidents. There is a well known story of a two-man station where one keeper died.'],
    ['T', 'The other kept the light going for weeks with his companion still in the tower, afraid he would be blamed.'],
    ['M', "That's awful."],
    ['T', 'After that, three became the rule in many services.'],
    ['P', 'There is also the story of the Flannan Isles in Scotland, where three keepers vanished in nineteen hundred.'],
    ['T', 'Most likely a huge wave caught them outside. But the mystery has inspired poems, songs and a film.'],
    ['M', 'What did keepers do with all the spare time?'],
    ['T', 'Fishing, model making, reading. Some became good painters or naturalists and recorded bird migrations.'],
    ['T', "Their weather records are now useful to climate scientists, because they are so long and so careful."],
    ['P', 'That is a lovely side effect. Two centuries of observations written by hand.'],
    ['M', 'Were they well paid?'],
    ['T', 'Modestly. But the job came with a house, fuel and a pension, which was rare for working people.'],
    ['T', 'Inspectors visited without warning and would check that the brass was polished and the lens spotless.'],
    ['M', 'So a mix of military discipline and a very quiet life.'],
    ['T', 'Exactly that.'],
  ],
  [
    ['M', "Now to automation. When did the machines start replacing the people?"],
    ['P', 'It began early with small lights. Acetylene gas lights in the early nineteen hundreds could run alone for months.'],
    ['P', 'A Swedish engineer, Gustaf Dalén, invented a sun valve that switched the gas off in daylight.'],
    ['P', 'It used a black rod and shiny rods. In sunlight the black rod warms, expands, and closes the valve.'],
    ['T', 'He won a Nobel Prize for it in nineteen twelve, which surprised a lot of physicists.'],
    ['M', 'So why did big lighthouses keep keepers for so long after that?'],
    ['P', 'Big lights needed strong power, and someone had to fix things when they failed at three in the morning.'],
    ['P', 'Automation needed reliable electricity, backup generators, and a way to know remotely that the light was on.'],
    ['P', 'Radio and later telephone lines let a central station monitor many lights at once.'],
    ['T', 'Most services automated in the nineteen seventies, eighties and nineties.'],
    ['T', 'The last keepers in Britain left the North Foreland light in Kent in nineteen ninety eight.'],
    ['M', 'How did the keepers feel about that?'],
    ['T', 'Mixed. Some were relieved, some were heartbroken. It was a way of life that ended.'],
    ['P', 'From the engineering side, the change is huge. A modern light is an LED array, a battery and a solar panel.'],
    ['P', 'It uses less power than a kettle and can run for years with a maintenance visit once or twice a year.'],
    ['M', 'And the big old Fresnel lenses?'],
    ['P', 'Many were removed and put in museums. Some stay in place, turned by electric motors.'],
    ['M', 'Do we even need lighthouses in the age of satellite navigation?'],
    ['P', 'Fair question. Ships navigate by satellite almost all the time now.'],
    ['P', 'But satellite signals can be jammed or fail, and a light needs no receiver and no software.'],
    ['P', 'So most authorities keep a reduced network as a backup, and they add radio beacons to important lights.'],
    ['T', 'Some lights have been switched off, and many towers have been sold as homes, hotels or museums.'],
    ['M', 'I have always wanted to stay in a lighthouse hotel.'],
    ['T', 'You should. Just be ready for a lot of stairs.'],
    ['P', 'And for the foghorn, if they kept it. Those are loud.'],
    ['M', 'Foghorns are a whole episode on their own.'],
    ['P', 'They really are. Compressed air, diaphragms, sirens, all tuned so they carry over water.'],
  ],
  [
    ['M', "We're almost out of time. Let's do one last thing. What should listeners take away?"],
    ['T', 'That lighthouses were a public service long before the phrase existed.'],
    ['T', 'Strangers paid small dues so that other strangers would get home safely.'],
    ['P', 'For me, it is the Fresnel lens. Cutting away the glass you do not need is still how good engineering works.'],
    ['M', 'If someone wants to visit one, any advice?'],
    ['T', 'Check opening times, because many are run by volunteers. And go at dusk to see the light come on.'],
    ['P', 'Look for the lens if it is still there. Stand beside it and you will see your own reflection broken into rings.'],
    ['M', "Lovely. Tomas, Priya, thank you both for coming on."],
    ['T', 'Thank you, Maya. This was fun.'],
    ['P', 'Thanks for having me.'],
    ['M', 'And thank you for listening to Signal Fire. Next time we look at the first weather forecasts.'],
    ['M', 'Until then, keep a light on for someone. Goodbye.'],
  ],
];

function stamp(seconds) {
  const ms = Math.round(seconds * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

const out = ['WEBVTT - Signal Fire, episode 14: Lighthouses (sample transcript written for Lectern)', ''];
out.push('NOTE', 'Invented conversation between three invented people; timings are synthetic (about 2 words per second).', '');
/** Captions keep cues short: a long line is split at the comma nearest its middle, else at the middle word. */
function captionChunks(line) {
  const words = line.split(/\s+/);
  if (words.length <= 11) return [line];
  const middle = Math.floor(words.length / 2);
  let cut = middle;
  for (let d = 0; d <= middle - 3; d++) {
    if (words[middle - d - 1]?.endsWith(',')) { cut = middle - d; break; }
    if (words[middle + d - 1]?.endsWith(',') && middle + d < words.length - 2) { cut = middle + d; break; }
  }
  return [...captionChunks(words.slice(0, cut).join(' ')), ...captionChunks(words.slice(cut).join(' '))];
}

let time = 3;
let cues = 0;
for (const topic of TOPICS) {
  for (const [who, line] of topic) {
    for (const chunk of captionChunks(line)) {
      const words = chunk.split(/\s+/).length;
      // A relaxed conversational pace (about 2 words per second) plus a short gap between cues.
      const length = Math.max(1.8, words / 2.0);
      const text = chunk.replace(/&/g, '&amp;').replace(/</g, '&lt;');
      out.push(`${stamp(time)} --> ${stamp(time + length)}`, `<v ${SPEAKERS[who]}>${text}`, '');
      time += length + 0.7;
      cues += 1;
    }
    time += 0.5; // turn-taking pause
  }
  time += 3; // a beat between topics
}

const target = join(dirname(fileURLToPath(import.meta.url)), 'sample-podcast.vtt');
writeFileSync(target, out.join('\n'));
console.log(`wrote ${target}: ${cues} cues, ${(time / 60).toFixed(1)} minutes`);

/**
 * English function words plus the fillers and back-channels of spoken transcripts.
 * Transcripts need the second group: "yeah", "um", "okay" are the most frequent tokens of a meeting and would
 * otherwise dominate both the lexical-cohesion scores and the key-phrase titles.
 */
const FUNCTION_WORDS = `
a about above after again against all almost along already also although always am among an and another any anybody
anyone anything anyway anywhere are aren around as at away back be became because become becomes been before behind
being below beside besides between beyond both but by can cannot could couldn did didn do does doesn doing don done
down during each either else enough etc even ever every everybody everyone everything everywhere except few for from
further get gets getting give given gives go goes going gone got had hadn has hasn have haven having he her here hers
herself him himself his how however i if in inside instead into is isn it its itself just least less let lets like
made make makes many may maybe me might mine more most mostly much must my myself near need needs neither never
nevertheless next no nobody none nor not nothing now nowhere of off often on once one ones only onto or other others
otherwise our ours ourselves out over own per perhaps please put quite rather really said same say says see seem
seemed seems several shall she should shouldn since so some somebody someone something sometimes somewhat somewhere
still such than that the their theirs them themselves then there therefore these they thing things this those though
through throughout thus to together too toward towards under unless until up upon us use used uses using very via was
wasn we well went were weren what whatever when whenever where whereas wherever whether which while who whoever whole
whom whose why will with within without won would wouldn yet you your yours yourself yourselves
ll ve re s t d m n
two three four five six seven eight nine ten first second third new
mr mrs ms dr
`;

const SPOKEN_FILLERS = `
um uh umm uhm hmm hm mm mmm mhm huh ah aha oh ooh eh er erm ehm yeah yep yup yes yeh nope no okay ok alright
right sure gonna wanna gotta kinda sorta dunno cause cos ya yo hey hi hello bye thanks thank sorry actually basically
probably definitely guess think thought know knew mean means meant want wanted wants look looks looking lot lots bit
stuff kind sort way ways good great fine cool nice wow anyway anyways okay-- gap vocalsound disfmarker laugh laughs
laughter noise pause inaudible unintelligible crosstalk sil
`;

export const STOP_WORDS: ReadonlySet<string> = new Set(
  `${FUNCTION_WORDS} ${SPOKEN_FILLERS}`.split(/\s+/).filter((w) => w.length > 0),
);

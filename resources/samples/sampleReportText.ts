// The text of the sample report. Millbrook, its utility, people and figures are invented for Lectern.

export type Block = string | readonly (readonly string[])[];

export interface Section {
  title: string;
  body: readonly Block[];
  sections?: readonly Section[];
}

export const TITLE = {
  title: 'Millbrook Water System Annual Report 2024',
  titleLines: ['Millbrook Water System', 'Annual Report 2024'],
  subtitle: 'Supply, treatment, quality and finances of the municipal water utility',
  author: 'Millbrook Public Works Department',
  lines: [
    'Prepared for the Millbrook Town Council',
    'Public Works Department, Water Division',
    'Presented at the council meeting of 12 March 2025',
    'This report is fictional and was written as sample material.',
  ],
};

export const CHAPTERS: readonly Section[] = [
  {
    title: '1 Overview',
    body: [
      'Millbrook is a river town of about 41,000 residents. Its water utility is owned by the town and run by the Water Division of the Public Works Department. The utility draws raw water from two sources, treats it at one plant on the eastern bank of the Alder River, and delivers it through 212 kilometres of mains to 13,900 metered connections. This report describes how the system performed in the calendar year 2024 and what the division plans for the next five years.',
      'The year was shaped by a dry summer and a wet autumn. Demand peaked at 19.8 million litres on 14 July, the highest day since records began in 1987, while total annual production fell slightly because of a cool spring. The treatment plant met every drinking water standard throughout the year. Two large main breaks, one on Canal Street in February and one under the railway bridge in November, caused the longest interruptions of supply.',
      'Council asked the division to report in plain language, so each chapter starts with what residents notice: taste, pressure, outages and bills. Technical detail follows for readers who want it. Figures are for the year ending 31 December 2024 unless stated otherwise.',
    ],
    sections: [
      {
        title: '1.1 Highlights of the year',
        body: [
          'Water loss, the difference between water produced and water billed, fell from 17.2 percent to 14.9 percent after the leak detection programme covered the old town. The new ultraviolet disinfection stage was commissioned in May, two weeks ahead of schedule. Customer complaints about discoloured water dropped by a third, mostly because flushing of dead-end mains was moved from spring to late autumn.',
        ],
      },
    ],
  },
  {
    title: '2 Sources and Treatment',
    body: [
      'Most of Millbrook\u2019s water comes from the Alder River through an intake two kilometres upstream of the town. A smaller share is pumped from three wells in the Hollow Meadow aquifer, which the division uses in late summer when the river runs low and warm. In 2024 the river supplied 81 percent of the raw water and the wells 19 percent, compared with 86 and 14 percent the year before.',
      'The river intake has screens that keep out fish and debris. Raw water then passes through coagulation, settling and rapid sand filtration. Chlorine is added before the water enters the clear well, and since May an ultraviolet stage treats the filtered water as an extra barrier against parasites such as Cryptosporidium, which chlorine alone does not reliably kill.',
    ],
    sections: [
      {
        title: '2.1 The Hollow Meadow wells',
        body: [
          'The three wells are between 38 and 52 metres deep. Their water is harder than river water and carries some iron and manganese, which the plant removes in a separate pressure filter before blending. Well 2 was out of service for six weeks in the spring while its pump was replaced. Groundwater levels recovered fully over the winter, which suggests the aquifer is not being drawn down faster than it refills.',
        ],
      },
      {
        title: '2.2 Plant upgrades',
        body: [
          'The ultraviolet stage cost 2.4 million and was paid for partly by a regional grant. It uses eight lamps in two parallel trains, so one train can be serviced while the other runs. Energy use at the plant rose by about six percent as a result. The division also replaced the filter control software, which had not been supported by its vendor since 2019.',
        ],
      },
    ],
  },
  {
    title: '3 Distribution Network',
    body: [
      'The network consists of 212 kilometres of mains, four storage reservoirs holding 31 million litres together, two booster pumping stations and 1,140 fire hydrants. About a quarter of the mains are cast iron laid before 1960. These old pipes account for most breaks and for much of the water lost to leaks, so their renewal is the largest item in the capital plan.',
      'There were 46 main breaks in 2024, down from 58 in 2023. Crews repaired most of them within six hours. The Canal Street break in February left 310 homes without water for fourteen hours because the valves needed to isolate the section had seized and had to be dug out. Valve exercising, which had lapsed during staff shortages, resumed in September with a target of turning every valve at least once every four years.',
      'Pressure complaints came mainly from the hillside streets of Upper Millbrook, which are fed by the Ridge booster station. A second pump was added to that station in August and complaints from the area fell from 37 in the first half of the year to 9 in the second half.',
    ],
  },
  {
    title: '4 Water Quality Results',
    body: [
      'The division took 2,196 samples from the plant, the reservoirs and 48 fixed sampling taps across town. An accredited laboratory outside the utility analysed the samples for regulated substances; the plant laboratory ran daily operational tests. No sample exceeded a health-based limit. The table below gives the yearly averages and the highest single results for the main parameters.',
      [
        ['Parameter', 'Unit', 'Limit', 'Average', 'Highest'],
        ['Turbidity', 'NTU', '1.0', '0.08', '0.31'],
        ['Free chlorine', 'mg/L', '4.0', '0.62', '1.10'],
        ['Nitrate', 'mg/L', '50', '6.4', '11.2'],
        ['Lead', 'ug/L', '10', '1.3', '7.9'],
        ['Hardness', 'mg/L', '-', '142', '188'],
        ['Coliform bacteria', 'per 100 mL', '0', '0', '0'],
      ],
      'The highest lead result came from a tap in a house built in 1931 that still had a lead service pipe on the private side. The owner was informed the same week and the pipe was replaced under the lead pipe grant. The division estimates that about 240 lead service pipes remain in town and aims to remove all of them by 2030.',
      'Taste and odour complaints rose briefly in August, when warm river water carried earthy-tasting compounds produced by algae. The plant switched to a higher share of well water and added powdered activated carbon for nineteen days until the river cooled.',
    ],
  },
  {
    title: '5 Finances and Rates',
    body: [
      'The utility is funded by water bills, not by property taxes. Operating revenue in 2024 was 11.6 million, of which 8.9 million came from volume charges and 2.7 million from fixed service charges. Operating costs were 9.1 million: staff 3.8 million, energy 1.4 million, chemicals 0.9 million, maintenance 1.7 million and administration 1.3 million. The remaining 2.5 million went to debt service and the renewal reserve.',
      'A typical household using 120,000 litres a year paid 498 for water in 2024, up 3.5 percent from 2023. Council approved an increase of 4.0 percent for 2025 to fund the main renewal programme. Even after the increase, Millbrook\u2019s bills remain below the median of the twelve comparable towns in the regional benchmarking survey.',
    ],
    sections: [
      {
        title: '5.1 Capital spending',
        body: [
          'Capital spending totalled 6.3 million. The largest projects were the ultraviolet stage, the renewal of 3.1 kilometres of cast iron mains in the old town, and the second pump at the Ridge booster station. The renewal reserve stood at 4.8 million at the end of the year, slightly above the level set in the asset management plan.',
        ],
      },
    ],
  },
  {
    title: '6 Outlook 2025-2029',
    body: [
      'The five-year plan has three priorities. First, renew the oldest mains at a rate of at least four kilometres a year, starting with the streets that had repeated breaks. Second, finish replacing lead service pipes by 2030, paying the full cost on the public side and half of it on the private side. Third, prepare for hotter and drier summers by adding a fourth well and a second raw water storage pond so that the plant can ride out a week of poor river quality.',
      'The division will also install smart meters in stages from 2026. The meters report hourly use, which will help find leaks on private property sooner and let households see their own consumption. A pilot in 400 homes in 2025 will test the meters and the radio network before the council decides on the full roll-out.',
      'Questions about this report can be sent to the Water Division at the Public Works office on Mill Lane, or raised at the public meeting on water rates planned for the autumn.',
    ],
  },
  {
    title: '7 Glossary',
    body: [
      'Aquifer: a layer of sand, gravel or rock underground that holds water and lets it flow to a well.',
      'Booster station: a pumping station inside the network that raises pressure for customers on higher ground.',
      'Clear well: the covered tank at the plant where treated water is held long enough for chlorine to act before it enters the network.',
      'Coagulation: adding a chemical that makes fine particles clump together so they settle out or are caught by the filters.',
      'NTU (nephelometric turbidity unit): a measure of how cloudy water is; clear drinking water is well below one.',
      'Service pipe: the small pipe that connects a building to the main in the street. The part on private land belongs to the owner.',
      'Water loss: water that is produced but not billed, mostly leaks, but also unmetered uses such as firefighting and flushing.',
    ],
  },
];

/**
 * Human-gut taxa the simulator draws ASVs from, with Greengenes 13_8-style
 * lineages (bracketed names are Greengenes' proposed taxa, e.g. `[Ruminococcus]`)
 * and a rough typical share of reads in adult stool. Shares are relative
 * weights, not a reference profile.
 */

/** One genus: name, ranks kingdom..family, typical weight, share of subjects carrying it, species seen in Greengenes. */
export type GenusSpec = {
  genus: string;
  lineage: readonly [kingdom: string, phylum: string, klass: string, order: string, family: string];
  weight: number;
  carriage: number;
  species: readonly string[];
};

/** A lineage resolved only to some rank (genus missing), with its weight. */
export type UnresolvedSpec = {
  lineage: readonly [kingdom: string, phylum: string, klass: string, order: string, family: string];
  weight: number;
};

const BACTEROIDIA = ['k__Bacteria', 'p__Bacteroidetes', 'c__Bacteroidia', 'o__Bacteroidales'] as const;
const CLOSTRIDIALES = ['k__Bacteria', 'p__Firmicutes', 'c__Clostridia', 'o__Clostridiales'] as const;
const LACTOBACILLALES = ['k__Bacteria', 'p__Firmicutes', 'c__Bacilli', 'o__Lactobacillales'] as const;
const ERYSIPELOTRICHALES = ['k__Bacteria', 'p__Firmicutes', 'c__Erysipelotrichi', 'o__Erysipelotrichales'] as const;
const CORIOBACTERIALES = ['k__Bacteria', 'p__Actinobacteria', 'c__Coriobacteriia', 'o__Coriobacteriales'] as const;
const GAMMAPROTEO = ['k__Bacteria', 'p__Proteobacteria', 'c__Gammaproteobacteria'] as const;
const DESULFOVIBRIONALES = [
  'k__Bacteria',
  'p__Proteobacteria',
  'c__Deltaproteobacteria',
  'o__Desulfovibrionales',
] as const;

/** Builds a GenusSpec from its parts. */
function genus(
  name: string,
  lineage: GenusSpec['lineage'],
  weight: number,
  species: readonly string[] = [],
  carriage = 1,
): GenusSpec {
  return { genus: name, lineage, weight, carriage, species };
}

/** The named genera (52). */
export const GUT_GENERA: readonly GenusSpec[] = [
  genus('Bacteroides', [...BACTEROIDIA, 'f__Bacteroidaceae'], 18, [
    'uniformis',
    'ovatus',
    'caccae',
    'fragilis',
    'eggerthii',
    'plebeius',
  ]),
  genus('Prevotella', [...BACTEROIDIA, 'f__Prevotellaceae'], 6, ['copri', 'stercorea'], 0.35),
  genus('Parabacteroides', [...BACTEROIDIA, 'f__Porphyromonadaceae'], 2, ['distasonis']),
  genus('Alistipes', [...BACTEROIDIA, 'f__Rikenellaceae'], 2.5),
  genus('Butyricimonas', [...BACTEROIDIA, 'f__[Odoribacteraceae]'], 0.4, [], 0.6),
  genus('Odoribacter', [...BACTEROIDIA, 'f__[Odoribacteraceae]'], 0.5, [], 0.7),
  genus('Paraprevotella', [...BACTEROIDIA, 'f__[Paraprevotellaceae]'], 0.4, [], 0.4),
  genus('Faecalibacterium', [...CLOSTRIDIALES, 'f__Ruminococcaceae'], 8, ['prausnitzii']),
  genus('Ruminococcus', [...CLOSTRIDIALES, 'f__Ruminococcaceae'], 3, ['bromii', 'flavefaciens']),
  genus('Oscillospira', [...CLOSTRIDIALES, 'f__Ruminococcaceae'], 3),
  genus('Subdoligranulum', [...CLOSTRIDIALES, 'f__Ruminococcaceae'], 1.5),
  genus('Gemmiger', [...CLOSTRIDIALES, 'f__Ruminococcaceae'], 1, ['formicilis']),
  genus('Anaerotruncus', [...CLOSTRIDIALES, 'f__Ruminococcaceae'], 0.2, [], 0.7),
  genus('Roseburia', [...CLOSTRIDIALES, 'f__Lachnospiraceae'], 2.5, ['faecis']),
  genus('Blautia', [...CLOSTRIDIALES, 'f__Lachnospiraceae'], 5, ['obeum', 'producta']),
  genus('Coprococcus', [...CLOSTRIDIALES, 'f__Lachnospiraceae'], 2, ['eutactus', 'catus']),
  genus('Dorea', [...CLOSTRIDIALES, 'f__Lachnospiraceae'], 1.5, ['formicigenerans', 'longicatena']),
  genus('Lachnospira', [...CLOSTRIDIALES, 'f__Lachnospiraceae'], 1.2, ['pectinoschiza']),
  genus('Anaerostipes', [...CLOSTRIDIALES, 'f__Lachnospiraceae'], 0.8),
  genus('[Ruminococcus]', [...CLOSTRIDIALES, 'f__Lachnospiraceae'], 1, ['gnavus', 'torques']),
  genus('Eubacterium', [...CLOSTRIDIALES, 'f__Eubacteriaceae'], 1.5),
  genus('Clostridium', [...CLOSTRIDIALES, 'f__Clostridiaceae'], 0.8),
  genus('SMB53', [...CLOSTRIDIALES, 'f__Clostridiaceae'], 0.3, [], 0.6),
  genus('Christensenella', [...CLOSTRIDIALES, 'f__Christensenellaceae'], 0.4, [], 0.6),
  genus('Dialister', [...CLOSTRIDIALES, 'f__Veillonellaceae'], 1, [], 0.6),
  genus('Megamonas', [...CLOSTRIDIALES, 'f__Veillonellaceae'], 0.8, [], 0.25),
  genus('Phascolarctobacterium', [...CLOSTRIDIALES, 'f__Veillonellaceae'], 1.2, [], 0.6),
  genus('Veillonella', [...CLOSTRIDIALES, 'f__Veillonellaceae'], 0.4, ['dispar', 'parvula']),
  genus('Megasphaera', [...CLOSTRIDIALES, 'f__Veillonellaceae'], 0.3, [], 0.4),
  genus('Lactobacillus', [...LACTOBACILLALES, 'f__Lactobacillaceae'], 1.5, ['ruminis', 'reuteri']),
  genus('Streptococcus', [...LACTOBACILLALES, 'f__Streptococcaceae'], 1),
  genus('Lactococcus', [...LACTOBACILLALES, 'f__Streptococcaceae'], 0.2, [], 0.5),
  genus('Enterococcus', [...LACTOBACILLALES, 'f__Enterococcaceae'], 0.1, [], 0.4),
  genus(
    'Turicibacter',
    ['k__Bacteria', 'p__Firmicutes', 'c__Bacilli', 'o__Turicibacterales', 'f__Turicibacteraceae'],
    0.2,
    [],
    0.5,
  ),
  genus('Holdemania', [...ERYSIPELOTRICHALES, 'f__Erysipelotrichaceae'], 0.1, [], 0.6),
  genus('Catenibacterium', [...ERYSIPELOTRICHALES, 'f__Erysipelotrichaceae'], 0.2, [], 0.3),
  genus('Coprobacillus', [...ERYSIPELOTRICHALES, 'f__Erysipelotrichaceae'], 0.1, [], 0.5),
  genus('[Eubacterium]', [...ERYSIPELOTRICHALES, 'f__Erysipelotrichaceae'], 0.4, ['dolichum', 'biforme']),
  genus(
    'Bifidobacterium',
    ['k__Bacteria', 'p__Actinobacteria', 'c__Actinobacteria', 'o__Bifidobacteriales', 'f__Bifidobacteriaceae'],
    3,
    ['adolescentis', 'longum', 'bifidum'],
  ),
  genus('Collinsella', [...CORIOBACTERIALES, 'f__Coriobacteriaceae'], 1.2, ['aerofaciens']),
  genus('Eggerthella', [...CORIOBACTERIALES, 'f__Coriobacteriaceae'], 0.1, ['lenta'], 0.6),
  genus('Adlercreutzia', [...CORIOBACTERIALES, 'f__Coriobacteriaceae'], 0.2, [], 0.7),
  genus(
    'Actinomyces',
    ['k__Bacteria', 'p__Actinobacteria', 'c__Actinobacteria', 'o__Actinomycetales', 'f__Actinomycetaceae'],
    0.05,
    [],
    0.5,
  ),
  genus(
    'Akkermansia',
    ['k__Bacteria', 'p__Verrucomicrobia', 'c__Verrucomicrobiae', 'o__Verrucomicrobiales', 'f__Verrucomicrobiaceae'],
    2,
    ['muciniphila'],
  ),
  genus('Escherichia', [...GAMMAPROTEO, 'o__Enterobacteriales', 'f__Enterobacteriaceae'], 0.8, ['coli']),
  genus('Klebsiella', [...GAMMAPROTEO, 'o__Enterobacteriales', 'f__Enterobacteriaceae'], 0.2, [], 0.4),
  genus('Haemophilus', [...GAMMAPROTEO, 'o__Pasteurellales', 'f__Pasteurellaceae'], 0.2, ['parainfluenzae'], 0.6),
  genus(
    'Sutterella',
    ['k__Bacteria', 'p__Proteobacteria', 'c__Betaproteobacteria', 'o__Burkholderiales', 'f__Alcaligenaceae'],
    1,
    [],
    0.7,
  ),
  genus('Bilophila', [...DESULFOVIBRIONALES, 'f__Desulfovibrionaceae'], 0.3, ['wadsworthia'], 0.8),
  genus('Desulfovibrio', [...DESULFOVIBRIONALES, 'f__Desulfovibrionaceae'], 0.2, [], 0.5),
  genus(
    'Methanobrevibacter',
    ['k__Archaea', 'p__Euryarchaeota', 'c__Methanobacteria', 'o__Methanobacteriales', 'f__Methanobacteriaceae'],
    0.6,
    [],
    0.3,
  ),
  genus(
    'Fusobacterium',
    ['k__Bacteria', 'p__Fusobacteria', 'c__Fusobacteriia', 'o__Fusobacteriales', 'f__Fusobacteriaceae'],
    0.05,
    [],
    0.2,
  ),
];

/** Lineages without a genus (`g__`), as classifiers often leave gut ASVs. */
export const UNRESOLVED_LINEAGES: readonly UnresolvedSpec[] = [
  { lineage: [...CLOSTRIDIALES, 'f__Lachnospiraceae'], weight: 4 },
  { lineage: [...CLOSTRIDIALES, 'f__Ruminococcaceae'], weight: 3 },
  { lineage: [...BACTEROIDIA, 'f__S24-7'], weight: 1.5 },
  { lineage: [...CLOSTRIDIALES, 'f__'], weight: 1.5 },
  { lineage: [...CLOSTRIDIALES, 'f__Christensenellaceae'], weight: 0.6 },
  { lineage: [...BACTEROIDIA, 'f__Rikenellaceae'], weight: 0.5 },
  { lineage: [...CLOSTRIDIALES, 'f__[Mogibacteriaceae]'], weight: 0.3 },
  { lineage: [...ERYSIPELOTRICHALES, 'f__Erysipelotrichaceae'], weight: 0.4 },
  { lineage: [...CORIOBACTERIALES, 'f__Coriobacteriaceae'], weight: 0.3 },
  { lineage: ['k__Bacteria', 'p__Tenericutes', 'c__Mollicutes', 'o__RF39', 'f__'], weight: 0.4 },
];

/** The seven-rank Greengenes lineage of a genus, with `s__<species>` or an empty `s__`. */
export function genusLineage(spec: GenusSpec, species = ''): string[] {
  return [...spec.lineage, `g__${spec.genus}`, `s__${species}`];
}

/** The seven-rank lineage of an unresolved taxon: empty `g__` and `s__`. */
export function unresolvedLineage(spec: UnresolvedSpec): string[] {
  return [...spec.lineage, 'g__', 's__'];
}

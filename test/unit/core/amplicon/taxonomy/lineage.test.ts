import {
  cleanRank,
  isUnassignedRank,
  lineageFromRanks,
  normalizeRank,
  parseLineage,
  RANK_NAMES,
  rankIndexOf,
  rankName,
  stripRankPrefix,
  taxonKeyAtRank,
  unassignedKey,
} from '../../../../../lambdas/core/amplicon/taxonomy/lineage.js';

const PHYLUM = 1;
const CLASS = 2;
const GENUS = 5;

describe('rank names', () => {
  it('are kingdom..species by position, domain an alias of kingdom', () => {
    expect(RANK_NAMES).toEqual(['kingdom', 'phylum', 'class', 'order', 'family', 'genus', 'species']);
    expect(rankIndexOf('phylum')).toBe(1);
    expect(rankIndexOf('genus')).toBe(5);
    expect(rankIndexOf('domain')).toBe(0);
    expect(rankName(6)).toBe('species');
    expect(rankName(7)).toBe('rank8');
  });
});

describe('cleanRank', () => {
  it('strips whitespace, surrounding quotes and a bootstrap suffix', () => {
    expect(cleanRank('  p__Firmicutes ')).toBe('p__Firmicutes');
    expect(cleanRank('"k__Bacteria')).toBe('k__Bacteria');
    expect(cleanRank("g__Blautia'")).toBe('g__Blautia');
    expect(cleanRank('Firmicutes(100)')).toBe('Firmicutes');
    expect(cleanRank('Clostridia( 99.5 )')).toBe('Clostridia');
    expect(cleanRank('"Bacteria"(100)')).toBe('Bacteria');
  });

  it('keeps inner spaces, brackets and GTDB suffixes', () => {
    expect(cleanRank(' g__Candidatus Nitrososphaera ')).toBe('g__Candidatus Nitrososphaera');
    expect(cleanRank('c__[Chloracidobacteria]')).toBe('c__[Chloracidobacteria]');
    expect(cleanRank('p__Firmicutes_A')).toBe('p__Firmicutes_A');
  });
});

describe('placeholders', () => {
  it.each([
    '',
    '__',
    'g__',
    'p__',
    'D_1__',
    'NA',
    'na',
    'unclassified',
    'Unclassified',
    'Unassigned',
    'Lachnospiraceae_unclassified',
    'g__unclassified',
    'g__NA',
  ])('%j is unassigned', (rank) => {
    expect(isUnassignedRank(rank)).toBe(true);
    expect(normalizeRank(rank)).toBe('__');
  });

  it.each(['g__uncultured', 'g__Blautia', 'Bacteroidota', 'p__Firmicutes_A', 'g__Candidatus Nitrososphaera', 'NAD'])(
    '%j is assigned',
    (rank) => {
      expect(isUnassignedRank(rank)).toBe(false);
      expect(normalizeRank(rank)).toBe(rank);
    },
  );

  it('treats null and undefined ranks as unassigned', () => {
    expect(normalizeRank(null)).toBe('__');
    expect(normalizeRank(undefined)).toBe('__');
  });
});

describe('stripRankPrefix', () => {
  it('removes one-letter, SILVA 132 and bare prefixes', () => {
    expect(stripRankPrefix('p__Firmicutes')).toBe('Firmicutes');
    expect(stripRankPrefix('d__Bacteria')).toBe('Bacteria');
    expect(stripRankPrefix('D_1__Bacteroidetes')).toBe('Bacteroidetes');
    expect(stripRankPrefix('__Foo')).toBe('Foo');
    expect(stripRankPrefix('Bacteroidota')).toBe('Bacteroidota');
  });
});

describe('taxonKeyAtRank', () => {
  it('Greengenes: keeps prefixes, joins with ";" without spaces, placeholders become "__"', () => {
    const gg = 'k__Bacteria; p__Firmicutes; c__Clostridia; o__Clostridiales; f__; g__; s__';
    expect(taxonKeyAtRank(gg, PHYLUM)).toBe('k__Bacteria;p__Firmicutes');
    expect(taxonKeyAtRank(gg, GENUS)).toBe('k__Bacteria;p__Firmicutes;c__Clostridia;o__Clostridiales;__;__');
  });

  it('SILVA 138: pads missing trailing ranks', () => {
    expect(taxonKeyAtRank('d__Bacteria;p__Bacteroidota;c__Bacteroidia', GENUS)).toBe(
      'd__Bacteria;p__Bacteroidota;c__Bacteroidia;__;__;__',
    );
  });

  it('GTDB: keeps split-phylum and genus suffixes', () => {
    const gtdb =
      'd__Bacteria;p__Firmicutes_A;c__Clostridia;o__Lachnospirales;f__Lachnospiraceae;g__Blautia_A;s__Blautia_A obeum';
    expect(taxonKeyAtRank(gtdb, GENUS)).toBe(
      'd__Bacteria;p__Firmicutes_A;c__Clostridia;o__Lachnospirales;f__Lachnospiraceae;g__Blautia_A',
    );
  });

  it('mothur/RDP: drops confidences, <X>_unclassified and the trailing empty rank are unassigned', () => {
    const mothur =
      'Bacteria(100);Firmicutes(100);Clostridia(99);Clostridiales(99);Lachnospiraceae(98);Lachnospiraceae_unclassified(98);';
    expect(taxonKeyAtRank(mothur, GENUS)).toBe('Bacteria;Firmicutes;Clostridia;Clostridiales;Lachnospiraceae;__');
  });

  it('DADA2 without prefixes: rank by position, NA unassigned', () => {
    const dada2 = 'Bacteria;Bacteroidota;Bacteroidia;Bacteroidales;Muribaculaceae;NA;NA';
    expect(taxonKeyAtRank(dada2, PHYLUM)).toBe('Bacteria;Bacteroidota');
    expect(taxonKeyAtRank(dada2, GENUS)).toBe('Bacteria;Bacteroidota;Bacteroidia;Bacteroidales;Muribaculaceae;__');
    expect(lineageFromRanks(['Bacteria', 'Bacteroidota', null, 'NA'])).toBe('Bacteria;Bacteroidota;__;__');
  });

  it('a quoted lineage and a whole-lineage "Unassigned"', () => {
    expect(taxonKeyAtRank('"k__Bacteria; p__Firmicutes"', PHYLUM)).toBe('k__Bacteria;p__Firmicutes');
    expect(taxonKeyAtRank('Unassigned', PHYLUM)).toBe('__;__');
    expect(taxonKeyAtRank(null, GENUS)).toBe(unassignedKey(GENUS));
    expect(unassignedKey(GENUS)).toBe('__;__;__;__;__;__');
  });

  it('merges a placeholder rank with a missing rank (unlike QIIME 2 literal collapse)', () => {
    expect(taxonKeyAtRank('k__Bacteria; p__Proteobacteria; c__', CLASS)).toBe(
      taxonKeyAtRank('k__Bacteria; p__Proteobacteria', CLASS),
    );
  });

  it('keeps an unassigned middle rank in place', () => {
    expect(taxonKeyAtRank('k__Bacteria; p__; c__Foo', CLASS)).toBe('k__Bacteria;__;c__Foo');
  });

  it('rejects a negative or fractional rank index', () => {
    expect(() => taxonKeyAtRank('k__Bacteria', -1)).toThrow(RangeError);
    expect(() => taxonKeyAtRank('k__Bacteria', 1.5)).toThrow(RangeError);
  });

  it('parseLineage returns every rank normalised, none for null', () => {
    expect(parseLineage('k__A; p__; c__C(80)')).toEqual(['k__A', '__', 'c__C']);
    expect(parseLineage(null)).toEqual([]);
  });
});

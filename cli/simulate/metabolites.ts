/**
 * Named metabolites of the simulated untargeted LC-MS run (stool extract,
 * reversed phase, negative ion mode, 15-minute gradient) and the pathways they
 * belong to. Formulas are the neutral molecules; m/z is computed from them as
 * [M−H]−. Retention times and typical areas are plausible hand-set values,
 * not a reference library.
 */

/** The pathways of the simulated pathway map. */
export const PATHWAYS = [
  'Bile acid metabolism',
  'SCFA production',
  'Fatty acid metabolism',
  'Tryptophan metabolism',
  'Phenylalanine and tyrosine metabolism',
  'Isoflavone metabolism',
  'Calcium signalling',
] as const;
export type Pathway = (typeof PATHWAYS)[number];

/** One named metabolite: name, neutral formula, retention time (min), log10 of its typical peak area, pathways. */
export type MetaboliteSpec = {
  name: string;
  formula: string;
  rt: number;
  log10Area: number;
  pathways: readonly Pathway[];
};

/** Builds a MetaboliteSpec from its parts. */
function metabolite(
  name: string,
  formula: string,
  rt: number,
  log10Area: number,
  ...pathways: Pathway[]
): MetaboliteSpec {
  return { name, formula, rt, log10Area, pathways };
}

/** The named metabolites (54), grouped by pathway. */
export const NAMED_METABOLITES: readonly MetaboliteSpec[] = [
  metabolite('Cholic acid', 'C24H40O5', 10.4, 6.6, 'Bile acid metabolism'),
  metabolite('Chenodeoxycholic acid', 'C24H40O4', 11.6, 6.3, 'Bile acid metabolism'),
  metabolite('Deoxycholic acid', 'C24H40O4', 11.9, 7.0, 'Bile acid metabolism'),
  metabolite('Lithocholic acid', 'C24H40O3', 12.8, 6.8, 'Bile acid metabolism'),
  metabolite('Glycocholic acid', 'C26H43NO6', 9.2, 6.1, 'Bile acid metabolism'),
  metabolite('Ursodeoxycholic acid', 'C24H40O4', 10.9, 5.6, 'Bile acid metabolism'),
  metabolite('Hyodeoxycholic acid', 'C24H40O4', 10.7, 5.0, 'Bile acid metabolism'),
  metabolite('Taurocholic acid', 'C26H45NO7S', 8.7, 5.4, 'Bile acid metabolism'),
  metabolite('Glycochenodeoxycholic acid', 'C26H43NO5', 10.1, 5.5, 'Bile acid metabolism'),
  metabolite('Taurodeoxycholic acid', 'C26H45NO6S', 9.9, 5.1, 'Bile acid metabolism'),
  metabolite('Acetic acid', 'C2H4O2', 0.9, 6.7, 'SCFA production'),
  metabolite('Propionic acid', 'C3H6O2', 1.3, 6.3, 'SCFA production'),
  metabolite('Butyric acid', 'C4H8O2', 2.1, 6.4, 'SCFA production'),
  metabolite('Isobutyric acid', 'C4H8O2', 1.9, 5.4, 'SCFA production'),
  metabolite('Valeric acid', 'C5H10O2', 3.2, 5.2, 'SCFA production'),
  metabolite('Isovaleric acid', 'C5H10O2', 3.0, 6.0, 'SCFA production'),
  metabolite('Lactic acid', 'C3H6O3', 0.8, 6.4, 'SCFA production'),
  metabolite('Succinic acid', 'C4H6O4', 1.1, 5.9, 'SCFA production'),
  metabolite('Palmitic acid', 'C16H32O2', 13.9, 6.9, 'Fatty acid metabolism'),
  metabolite('Stearic acid', 'C18H36O2', 14.5, 6.7, 'Fatty acid metabolism'),
  metabolite('Oleic acid', 'C18H34O2', 14.1, 6.6, 'Fatty acid metabolism'),
  metabolite('Linoleic acid', 'C18H32O2', 13.6, 6.4, 'Fatty acid metabolism'),
  metabolite('Myristic acid', 'C14H28O2', 13.1, 5.8, 'Fatty acid metabolism'),
  metabolite('Arachidonic acid', 'C20H32O2', 13.8, 5.5, 'Fatty acid metabolism', 'Calcium signalling'),
  metabolite('Azelaic acid', 'C9H16O4', 5.1, 5.4, 'Fatty acid metabolism'),
  metabolite('Tryptophan', 'C11H12N2O2', 4.2, 6.2, 'Tryptophan metabolism'),
  metabolite('Indole-3-propionic acid', 'C11H11NO2', 7.4, 5.6, 'Tryptophan metabolism'),
  metabolite('Indole-3-acetic acid', 'C10H9NO2', 6.6, 5.8, 'Tryptophan metabolism'),
  metabolite('Indole-3-lactic acid', 'C11H11NO3', 6.1, 5.5, 'Tryptophan metabolism'),
  metabolite('Kynurenine', 'C10H12N2O3', 2.9, 5.2, 'Tryptophan metabolism'),
  metabolite('Kynurenic acid', 'C10H7NO3', 4.6, 5.0, 'Tryptophan metabolism'),
  metabolite('Indoxyl sulfate', 'C8H7NO4S', 4.9, 6.2, 'Tryptophan metabolism'),
  metabolite('Serotonin', 'C10H12N2O', 2.3, 4.9, 'Tryptophan metabolism'),
  metabolite('Tryptamine', 'C10H12N2', 3.4, 4.8, 'Tryptophan metabolism'),
  metabolite('Phenylalanine', 'C9H11NO2', 3.6, 6.1, 'Phenylalanine and tyrosine metabolism'),
  metabolite('Tyrosine', 'C9H11NO3', 2.4, 5.9, 'Phenylalanine and tyrosine metabolism'),
  metabolite('Hippuric acid', 'C9H9NO3', 4.4, 5.9, 'Phenylalanine and tyrosine metabolism'),
  metabolite('Phenylacetic acid', 'C8H8O2', 5.6, 5.7, 'Phenylalanine and tyrosine metabolism'),
  metabolite('4-Hydroxyphenylacetic acid', 'C8H8O3', 3.9, 5.4, 'Phenylalanine and tyrosine metabolism'),
  metabolite('p-Cresol sulfate', 'C7H8O4S', 5.3, 6.4, 'Phenylalanine and tyrosine metabolism'),
  metabolite('Phenylacetylglutamine', 'C13H16N2O4', 4.8, 6.1, 'Phenylalanine and tyrosine metabolism'),
  metabolite('Daidzein', 'C15H10O4', 8.1, 5.3, 'Isoflavone metabolism'),
  metabolite('Genistein', 'C15H10O5', 8.6, 5.1, 'Isoflavone metabolism'),
  metabolite('Equol', 'C15H14O3', 9.0, 5.9, 'Isoflavone metabolism'),
  metabolite('O-Desmethylangolensin', 'C15H14O4', 9.4, 4.9, 'Isoflavone metabolism'),
  metabolite('Dihydrodaidzein', 'C15H12O4', 8.4, 4.8, 'Isoflavone metabolism'),
  metabolite('Glycitein', 'C16H12O5', 7.9, 4.7, 'Isoflavone metabolism'),
  metabolite('Sphingosine-1-phosphate', 'C18H38NO5P', 11.2, 4.9, 'Calcium signalling'),
  metabolite('myo-Inositol 1,4,5-trisphosphate', 'C6H15O15P3', 0.7, 4.6, 'Calcium signalling'),
  metabolite('25-Hydroxyvitamin D3', 'C27H44O2', 14.7, 4.7, 'Calcium signalling'),
  metabolite('Calcitriol', 'C27H44O3', 14.2, 4.5, 'Calcium signalling'),
  metabolite('Phosphoserine', 'C3H8NO6P', 0.75, 4.8, 'Calcium signalling'),
  metabolite('Glycerophosphocholine', 'C8H20NO6P', 0.72, 5.2, 'Calcium signalling'),
  metabolite('Cyclic AMP', 'C10H12N5O6P', 2.6, 4.6, 'Calcium signalling'),
];

/** Monoisotopic masses (u) of the elements used, IUPAC/AME 2016. */
const ELEMENT_MASS: Readonly<Record<string, number>> = {
  C: 12,
  H: 1.00782503223,
  N: 14.00307400443,
  O: 15.99491461957,
  P: 30.97376199842,
  S: 31.9720711744,
};
/** Mass of a proton (u), CODATA 2018. */
const PROTON_MASS = 1.007276466621;

/** Monoisotopic mass of a neutral formula such as `C24H40O5`; throws on an unknown element. */
export function monoisotopicMass(formula: string): number {
  let mass = 0;
  for (const [, element, count] of formula.matchAll(/([A-Z][a-z]?)(\d*)/g)) {
    const m = ELEMENT_MASS[element!];
    if (m === undefined) throw new RangeError(`unknown element '${element}' in ${formula}`);
    mass += m * (count === '' ? 1 : Number(count));
  }
  return mass;
}

/** m/z of the deprotonated ion [M−H]− of a neutral formula. */
export function deprotonatedMz(formula: string): number {
  return monoisotopicMass(formula) - PROTON_MASS;
}

/** The named metabolite called `name`; throws when there is none. */
export function namedMetabolite(name: string): MetaboliteSpec {
  const spec = NAMED_METABOLITES.find((m) => m.name === name);
  if (!spec) throw new Error(`metabolite '${name}' is not in the catalogue`);
  return spec;
}

import { hypergeometricUpperTail } from './distributions/hypergeometric-upper-tail.js';

/** Result of one over-representation test. */
export interface HypergeometricOraResult {
  method: 'hypergeometric_ora';
  /** features of the set among the drawn (query) features */
  hits: number;
  /** features of the set in the universe */
  setSize: number;
  /** query features (those in the universe) */
  drawn: number;
  /** features that map to any set */
  universe: number;
  /** drawn · setSize / universe */
  expected: number;
  /** P(X ≥ hits), X ~ Hypergeometric(universe, setSize, drawn) */
  p: number;
}

/** Over-representation p = P(X ≥ hits) = phyper(hits − 1, setSize, universe − setSize, drawn, lower.tail = FALSE), as MetaboAnalyst `CalculateOraScore`; counts must be integers with hits ≤ min(setSize, drawn) and setSize, drawn ≤ universe. */
export function hypergeometricOra(
  hits: number,
  setSize: number,
  drawn: number,
  universe: number,
): HypergeometricOraResult {
  const valid =
    [hits, setSize, drawn, universe].every((v) => Number.isInteger(v) && v >= 0) &&
    setSize <= universe &&
    drawn <= universe &&
    hits <= Math.min(setSize, drawn);
  if (!valid)
    throw new RangeError(
      `hypergeometricOra: need integers 0 ≤ hits ≤ min(setSize, drawn), setSize, drawn ≤ universe; got ${hits}, ${setSize}, ${drawn}, ${universe}`,
    );
  const expected = universe === 0 ? 0 : (drawn * setSize) / universe;
  return {
    method: 'hypergeometric_ora',
    hits,
    setSize,
    drawn,
    universe,
    expected,
    p: hypergeometricUpperTail(hits, universe, setSize, drawn),
  };
}

/**
 * Feature identifiers that look like QIIME 2's ASV ids (the MD5 of the
 * sequence, 32 lowercase hex digits) but are 128 random bits: no sequence
 * exists behind them.
 */
import type { Rng } from '../../lambdas/core/random/rng.js';

/** 32 lowercase hex digits from four 32-bit draws. */
export function pseudoFeatureId(rng: Rng): string {
  let id = '';
  for (let i = 0; i < 4; i++) id += rng.nextUint32().toString(16).padStart(8, '0');
  return id;
}

/** `n` distinct pseudo feature ids, redrawing on the (astronomically rare) repeat. */
export function pseudoFeatureIds(rng: Rng, n: number): string[] {
  const seen = new Set<string>();
  const ids: string[] = [];
  while (ids.length < n) {
    const id = pseudoFeatureId(rng);
    if (seen.has(id)) continue;
    seen.add(id);
    ids.push(id);
  }
  return ids;
}

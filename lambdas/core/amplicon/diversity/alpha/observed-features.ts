/** Richness S = #{n_i > 0}; anchor QIIME 2 `observed_features` (scikit-bio 0.5 `observed_otus`). Null for an empty sample. */
export function observedFeatures(values: Float64Array): number | null {
  let s = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! > 0) s++;
  return s > 0 ? s : null;
}

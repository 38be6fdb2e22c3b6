import type { AmpliconSampleMetrics } from '../../../results/model.js';
import { type FeatureTable, sampleValues } from '../../../table/feature-table.js';
import { aceFromProfile } from './ace.js';
import { chao1FromProfile } from './chao1.js';
import { depth } from './depth.js';
import { goodsCoverageFromProfile } from './goods-coverage.js';
import { countProfile, proportionStats } from './kernels.js';
import { pielouFromEntropy } from './pielou-evenness.js';
import { shannonFromNats } from './shannon-entropy.js';
import { simpsonFromSumSquares } from './simpson.js';

export interface AlphaDiversityOptions {
  /** whether the whole table holds counts; when false chao1, ace and goods_coverage are null for every sample */
  integerCounts: boolean;
}

/** All docs/metrics.md alpha metrics (except faith_pd) per sample, in table order; three passes over each sample's non-zero values. */
export function alphaDiversity(table: FeatureTable, options: AlphaDiversityOptions): AmpliconSampleMetrics[] {
  const out: AmpliconSampleMetrics[] = new Array(table.sampleIds.length);
  for (let j = 0; j < table.sampleIds.length; j++) {
    const values = sampleValues(table, j);
    const sampleId = table.sampleIds[j]!;
    const n = depth(values);
    if (!(n > 0)) {
      out[j] = emptySample(sampleId);
      continue;
    }
    const p = proportionStats(values, n);
    const counts = options.integerCounts ? countProfile(values) : null;
    out[j] = {
      sampleId,
      depth: n,
      observed_features: p.observed,
      shannon_entropy: shannonFromNats(p.entropyNats),
      simpson: simpsonFromSumSquares(p.sumSquares),
      pielou_evenness: pielouFromEntropy(p.entropyNats, p.observed),
      chao1: chao1FromProfile(counts),
      ace: aceFromProfile(counts),
      goods_coverage: goodsCoverageFromProfile(counts),
    };
  }
  return out;
}

function emptySample(sampleId: string): AmpliconSampleMetrics {
  return {
    sampleId,
    depth: 0,
    observed_features: null,
    shannon_entropy: null,
    simpson: null,
    pielou_evenness: null,
    chao1: null,
    ace: null,
    goods_coverage: null,
  };
}

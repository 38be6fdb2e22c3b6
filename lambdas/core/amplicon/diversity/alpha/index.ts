export { ace, aceFromProfile } from './ace.js';
export { type AlphaDiversityOptions, alphaDiversity } from './alpha-diversity.js';
export { chao1, chao1FromProfile } from './chao1.js';
export { depth } from './depth.js';
export { goodsCoverage, goodsCoverageFromProfile } from './goods-coverage.js';
export {
  ACE_RARE_THRESHOLD,
  type CountProfile,
  compensatedSum,
  countProfile,
  type ProportionStats,
  proportionStats,
} from './kernels.js';
export { observedFeatures } from './observed-features.js';
export { pielouEvenness, pielouFromEntropy } from './pielou-evenness.js';
export {
  type AlphaMetric,
  type AlphaMetricName,
  alphaMetrics,
  COUNT_BASED_METRICS,
  getAlphaMetric,
} from './registry.js';
export { shannonEntropy, shannonFromNats } from './shannon-entropy.js';
export { simpson, simpsonFromSumSquares } from './simpson.js';

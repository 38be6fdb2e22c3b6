/** Phylogeny: Newick trees and Faith's PD. */
export { parseNewick, parseNewickBytes, type PhyloTree } from '../study/newick.js';
export { faithPd, tipNodesOf } from '../amplicon/diversity/faith-pd.js';

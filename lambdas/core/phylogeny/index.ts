/** Phylogeny: Newick trees and Faith's PD. */

export { faithPd, tipNodesOf } from '../amplicon/diversity/faith-pd.js';
export { type PhyloTree, parseNewick, parseNewickBytes } from '../study/newick.js';

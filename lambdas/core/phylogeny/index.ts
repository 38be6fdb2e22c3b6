/** Phylogeny: Newick trees and Faith's PD. */
export { parseNewick, parseNewickBytes, type PhyloTree } from './newick.js';
export { faithPd, tipNodesOf } from './faith-pd.js';

export { gowerCentred } from './gower.js';
export * from './pcoa.js';
export { type SymmetricEigen, symmetricEigen } from './symmetric-eigen.js';

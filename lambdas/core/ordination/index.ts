export * from './pcoa.js';
export { gowerCentred } from './gower.js';
export { symmetricEigen, type SymmetricEigen } from './symmetric-eigen.js';

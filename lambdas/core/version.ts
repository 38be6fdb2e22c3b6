/** The software version recorded in every result's provenance (kept equal to package.json by a test). */
export const SOFTWARE_VERSION = '0.1.0';

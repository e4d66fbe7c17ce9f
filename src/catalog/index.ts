/** The catalog layer: load and validate error-code catalogs, look codes up, format the results. */
export * from './types.js';
export {
  BUILTIN_CATALOG_DIR,
  buildCatalogSet,
  loadBuiltinCatalogs,
  loadCatalogDir,
  loadCatalogFile,
  parseCatalogText,
} from './load-catalogs.js';
export { CatalogFileError, assertValidCatalogFile, validateCatalogFile, type CatalogFileKind } from './validate-catalog.js';
export { MAX_CODE_LENGTH, lookupCode } from './lookup-code.js';
export {
  categoryForStatusInCatalog,
  categoryFromEntries,
  categoryUnderParent,
  classifyUnknownCode,
  type CategoryReading,
  type UnknownCodeContext,
} from './classify-unknown-code.js';
export {
  catalogStats,
  formatCatalogList,
  formatCatalogStats,
  formatExplanation,
  type CatalogListOptions,
  type CatalogStats,
  type CatalogStatsOptions,
  type ExplanationOptions,
} from './format-catalog.js';
export { normalizeCode, httpStatusFromCode } from './code-shape.js';
export { categoryForHttpStatus, isCategory, isRetryableByDefault } from './taxonomy.js';
export {
  SOURCE_DOCUMENTS,
  SourceFormatError,
  type SourceDocument,
  type SourceParser,
  type SourceRow,
} from './parse-source.js';
export {
  PLACEHOLDER_TEXT,
  buildCatalog,
  serializeCatalogFile,
  type BuildCatalogInput,
  type BuildNote,
  type BuildReport,
  type BuiltCatalog,
} from './build-catalogs.js';

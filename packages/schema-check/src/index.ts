export { checkSchema, formatReport, type SchemaCheckInput, type SchemaCheckReport, type ReportOptions } from './check';
export { resolveBaseline, type Baseline } from './baseline';
export { workingTreeSubgraphs, type SubgraphSdl } from './graph-source';

export { shapeOfOperation, type Shape, type ShapeField } from './shape';
export { flatten, SCALAR_LIST_SEPARATOR, type Cell, type Table } from './flatten';
export { EXPORT_FORMATS, UTF8_BOM, csvFileNames, isExportFormat, sheetNames, toCsv, toTextTables, toXlsx, type ExportFormat } from './writers';
export { describeErrors, exportStem, requestFor, tablesOf, type GraphQLAnswer, type GraphQLAnswerError, type OperationRequest } from './run';
export { exportRoute, type ExportRouteOptions } from './route';
export { QUERY_USAGE, runQueryCommand, type QueryIO } from './cli';

export { QUERIES_DIR, COMMITTED_SUPERGRAPH_PATH } from './files';
export {
  SavedOperationError, findSavedOperation, isSavedOperationName, listSavedOperations, loadOperation, parseSavedOperation,
  type SavedOperation,
} from './saved';
export { apiSchemaFromSupergraph, committedApiSchema } from './api-schema';
export { VariableError, coerceVariables, type TextVariables } from './variables';
export { describeProblem, validateOperations, type OperationProblem } from './validate';

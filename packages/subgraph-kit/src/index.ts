export * from './errors';
export * from './scalars';
export * from './subgraph';
export * from './connection';
export { formatError } from './format-error';
export * from './testing';

export * from './errors';
export * from './scalars';
export * from './subgraph';
export * from './connection';
export { formatError, isPublicCode } from './format-error';
export * from './testing';
export * from './auth';
export * from './audit';
export * from './clock';

export * from './units';
export * from './graphql';

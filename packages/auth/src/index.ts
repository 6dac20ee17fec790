export * from './caller';
// `forbidden` stays internal: @ntg/subgraph-kit exports its own (same code), and two star exports of one name would clash.
export { unauthenticated, AUTH_REALM } from './errors';
export * from './tokens';
export * from './policy';
export * from './audit';

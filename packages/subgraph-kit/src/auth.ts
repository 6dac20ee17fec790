/** Authentication and authorisation, re-exported so subgraphs, the gateway and tests import one kit. */
export * from '@ntg/auth';

import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import type { GraphQLSchema } from 'graphql';
import { COMMITTED_SUPERGRAPH_PATH } from './files';

/**
 * The schema clients see (what the gateway serves and introspects): the supergraph without its join__/link
 * machinery and @inaccessible elements. Operations are validated, typed and flattened against this.
 */
export function apiSchemaFromSupergraph(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

let committed: { sdl: string; schema: GraphQLSchema } | undefined;

/** The API schema of the committed gateway/supergraph.graphql (rebuilt when the file changed). */
export function committedApiSchema(path: string = COMMITTED_SUPERGRAPH_PATH): GraphQLSchema {
  const sdl = readFileSync(path, 'utf8');
  if (committed?.sdl !== sdl) committed = { sdl, schema: apiSchemaFromSupergraph(sdl) };
  return committed.schema;
}

import type { IncomingMessage } from 'node:http';
import type { ApolloGateway } from '@apollo/gateway';
import type { ApolloServer } from '@apollo/server';
import { dashboardRoute } from '@ntg/dashboard';
import { explorerRoute } from '@ntg/explorer';
import { exportRoute, type GraphQLAnswer } from '@ntg/exports';
import type { Routes } from '@ntg/http';
import { monthlyReportRoute } from '@ntg/reports';
import type { GatewayContext } from './gateway';

export interface UserRoutesOptions {
  apollo: ApolloServer<GatewayContext>;
  gateway: ApolloGateway;
  /** The gateway's own request context: the same token verification as a GraphQL request. */
  context: (request: IncomingMessage) => Promise<GatewayContext>;
  /** The explorer is served only while introspection is on (it needs the schema, and production hides it). */
  introspection: boolean;
  graphqlPath?: string;
}

/**
 * The gateway's routes for people: the offline explorer (GraphiQL) at the GraphQL path for browsers,
 * downloads of the saved queries at /export/<name>.<csv|xlsx|json>, and the dashboard page at /dashboard/
 * (packages/dashboard; it reads the graph with the caller's token like any client, so it needs no introspection).
 *
 * Exports run through the gateway's own Apollo Server (executeOperation) rather than an HTTP call to itself:
 * the same plugins (query limits), error formatting and subgraph token forwarding apply, with no loopback
 * request, no need to know the gateway's own public URL, and nothing counted twice.
 */
export function userRoutes(options: UserRoutesOptions): Routes {
  const routes: Routes[] = [];
  if (options.introspection) routes.push(explorerRoute({ graphqlPath: options.graphqlPath }));
  routes.push(dashboardRoute({ graphqlPath: options.graphqlPath }));
  routes.push(exportRoute<GatewayContext>({
    schema: () => {
      if (!options.gateway.schema) throw new Error('The gateway has not loaded its schema yet');
      return options.gateway.schema;
    },
    authenticate: options.context,
    execute: async (request, contextValue): Promise<GraphQLAnswer> => {
      const response = await options.apollo.executeOperation(request, { contextValue });
      if (response.body.kind !== 'single') throw new Error('Saved queries do not use @defer or @stream');
      const { data, errors } = response.body.singleResult;
      return { data, ...(errors ? { errors } : {}) };
    },
  }));
  // The monthly report to the Chairman (/reports/monthly/<YYYY-MM>.xlsx|.html), run like the exports as the caller.
  routes.push(monthlyReportRoute<GatewayContext>({
    authenticate: (request) => options.context(request as IncomingMessage),
    execute: async (request, contextValue) => {
      const response = await options.apollo.executeOperation(request, { contextValue });
      return response.body.kind === 'single' ? response.body.singleResult : { errors: [{ message: 'Incremental delivery is not used by reports' }] };
    },
    linkKey: process.env.REPORT_LINK_KEY,
    withServiceCredential: (contextValue) => ({ ...contextValue, reportCredential: process.env.REPORT_SERVICE_KEY }),
  }));
  return async (request, response, url) => {
    for (const route of routes) if (await route(request, response, url)) return true;
    return false;
  };
}

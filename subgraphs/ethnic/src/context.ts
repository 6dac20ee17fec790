import type { Database } from '@ntg/db';
import { todayInVietnam, type GraphClient, type LoaderContext, type OwnContext, type SubgraphContext } from '@ntg/subgraph-kit';
import { createEthnicAreaLoaders } from './areas/loaders';
import { createEthnicGroupLoaders } from './groups/loaders';
import { createTargetLoaders } from './targets/loaders';

/** Request-scoped loaders: one statement (or one graph query) per kind of lookup and request. */
const createLoaders = (database: Database, graph: () => GraphClient) => ({
  ...createEthnicGroupLoaders(database),
  ...createEthnicAreaLoaders(database),
  ...createTargetLoaders(database, graph),
});

export type EthnicContext = LoaderContext<ReturnType<typeof createLoaders>>;

/**
 * Like the kit's withLoaders, but the loader reading DOLISA's counts for T4 needs the request's graph client
 * (the caller's own token), which the kit adds to this very object once createContext returns: it is read
 * when the loader runs.
 */
export function createContext(database: Database, _request?: unknown, _caller?: unknown, _today: string = todayInVietnam()): OwnContext<EthnicContext> {
  const own: { database: Database; loaders?: EthnicContext['loaders'] } = { database };
  const graph = () => {
    const client = (own as Partial<SubgraphContext>).graph;
    if (!client) throw new Error('createContext: the kit has not added the graph client to the request context');
    return client;
  };
  own.loaders = createLoaders(database, graph);
  return own as OwnContext<EthnicContext>;
}

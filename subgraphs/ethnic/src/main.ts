import { runSubgraph } from '@ntg/subgraph-kit';
import { ethnic } from './index';

await runSubgraph(ethnic);

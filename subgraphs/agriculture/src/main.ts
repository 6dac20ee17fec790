import { runSubgraph } from '@ntg/subgraph-kit';
import { agriculture } from './index';

await runSubgraph(agriculture);

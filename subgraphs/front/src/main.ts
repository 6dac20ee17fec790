import { runSubgraph } from '@ntg/subgraph-kit';
import { front } from './index';

await runSubgraph(front);

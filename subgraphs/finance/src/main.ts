import { runSubgraph } from '@ntg/subgraph-kit';
import { finance } from './index';

await runSubgraph(finance);

import { runSubgraph } from '@ntg/subgraph-kit';
import { dolisa } from './index';

await runSubgraph(dolisa);

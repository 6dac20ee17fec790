import { runSubgraph } from '@ntg/subgraph-kit';
import { __dept__ } from './index';

await runSubgraph(__dept__);

// The gateway alone (`pnpm --filter @ntg/gateway start`): PORT, HOST and <NAME>_URL per subgraph; see run.ts.
import { runGateway } from './run';

await runGateway();

import { build } from 'vite';
import { dashboardViteConfig } from './build';

/** `pnpm --filter @ntg/dashboard build`: writes the page to packages/dashboard/dist/ to inspect it (the gateway builds its own copy in memory). */
await build(dashboardViteConfig(true));
console.log('wrote packages/dashboard/dist/');

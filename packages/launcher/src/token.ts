import { parseArgs } from 'node:util';
import { DEPARTMENTS, ROLES, devAuth, devKeysDir, type Department, type Role } from '@ntg/subgraph-kit';

/**
 * `pnpm run token --department DOLISA --role officer --area 22783 [--expires 8h] [--subject someone]`: mints a
 * token with the demo keys of `pnpm start` (.data/dev-keys/) and prints only the token, so
 * `TOKEN=$(pnpm -s token …)` works.
 */
const USAGE = `Usage: pnpm run token --department <${DEPARTMENTS.join('|')}> --role <${ROLES.join('|')}> --area <58 | district | commune code> [--expires 8h] [--subject id]`;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      department: { type: 'string' },
      role: { type: 'string' },
      area: { type: 'string' },
      expires: { type: 'string', default: '8h' },
      subject: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const department = String(values.department ?? '').toUpperCase();
const role = String(values.role ?? '').toLowerCase();
const area = String(values.area ?? '');
if (!values.department || !values.role || !values.area) fail('--department, --role and --area are required');
const expires = String(values.expires);
if (!/^\d+\s*(s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days|w|week|weeks)$/.test(expires)) {
  fail(`--expires must be a duration such as 30m, 8h or 7d, got "${expires}"`);
}

try {
  const dev = await devAuth();
  if (dev.keys.created) console.error(`Created the demo signing keys in ${devKeysDir()}/`);
  const token = await dev.mint(
    { department: department as Department, role: role as Role, area, ...(values.subject ? { subject: String(values.subject) } : {}) },
    expires,
  );
  console.log(token);
} catch (error) {
  fail((error as Error).message);
}

import { runQueryCommand } from './cli';

/** `pnpm run query …` (see QUERY_USAGE). */
process.exitCode = await runQueryCommand(process.argv.slice(2), process.env, {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});

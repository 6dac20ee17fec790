import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createScratchDatabase } from '@ntg/db';
import { workspaceRoot } from '@ntg/subgraph-kit';

/**
 * The check that a sixth department can be added by following docs/ARCHITECTURE.md: in a temporary copy of the
 * repository, `pnpm new:department welfare`, then the whole graph started (one process, free ports) and the new
 * department written to and read through the gateway. `pnpm check:new-department`; a test runs it too.
 */
export interface NewDepartmentCheck {
  /** What the new department answered through the gateway. */
  recorded: { id: string; commune: { code: string } };
  listed: { id: string }[];
  /** What the gateway answered a refused caller (an officer of another department). */
  refusedCode: string | undefined;
}

export async function checkNewDepartment(options: { log?: (line: string) => void; keep?: boolean } = {}): Promise<NewDepartmentCheck> {
  const log = options.log ?? (() => {});
  const source = workspaceRoot();
  const copy = mkdtempSync(join(tmpdir(), 'ntg-new-department-'));
  // On a PostgreSQL server the copy's graph gets a database of its own, dropped afterwards: the shared database may
  // hold another run's `welfare` schema, and the check must not leave one behind for the next.
  const scratch = await createScratchDatabase();
  try {
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: source, encoding: 'utf8' }).split('\0').filter(Boolean);
    for (const file of files) {
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      try {
        cpSync(join(source, file), join(copy, file));
      } catch {
        // A file deleted in the working tree but still in the index: the copy goes without it.
      }
    }
    log(`copied ${files.length} files to ${copy}`);
    execFileSync('pnpm', ['install', '--offline', '--frozen-lockfile'], { cwd: copy, stdio: 'ignore' });
    execFileSync(process.execPath, ['--import', 'tsx', 'packages/launcher/src/new-department.ts', 'welfare', '--port', '4906'], { cwd: copy, stdio: 'ignore' });
    log('created the welfare department');

    // The whole graph of the copy, in one process on free ports, answering one script's questions.
    const script = `
      import { startGraph } from '@ntg/launcher';
      import { createVerifier, generateKeys, mintToken } from '@ntg/subgraph-kit';
      const keys = await generateKeys();
      const graph = await startGraph({ port: 0, subgraphPorts: 0, host: '127.0.0.1', dataDir: 'memory', seed: false, auth: createVerifier({ publicKey: keys.publicKey }) });
      const ask = async (claims, query, variables) => (await fetch(graph.url, { method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer ' + await mintToken(claims, keys.privateKey) },
        body: JSON.stringify({ query, variables }) })).json();
      const officer = { department: 'WELFARE', role: 'officer', area: '58' };
      const recorded = await ask(officer, 'mutation($i: WelfareVisitInput!) { recordWelfareVisit(input: $i) { id commune { code } } }',
        { i: { communeCode: '22783', date: '2025-03-01', purpose: 'Kiểm tra (synthetic)' } });
      const listed = await ask({ department: 'PROVINCE', role: 'analyst', area: '58' }, '{ commune(code: "22783") { name welfareVisits(year: 2025) { id } } }');
      const refused = await ask({ department: 'DOLISA', role: 'officer', area: '58' }, 'mutation($i: WelfareVisitInput!) { recordWelfareVisit(input: $i) { id } }',
        { i: { communeCode: '22783', date: '2025-03-01', purpose: 'x' } });
      console.log(JSON.stringify({ recorded: recorded.data?.recordWelfareVisit, errors: recorded.errors, listed: listed.data?.commune?.welfareVisits, refusedCode: refused.errors?.[0]?.extensions?.code }));
      await graph.stop();
    `;
    const output = await new Promise<string>((resolvePromise, reject) => {
      const env = { ...process.env };
      for (const key of Object.keys(env)) if (key.endsWith('DATABASE_URL')) delete env[key];
      if (scratch) env.DATABASE_URL = scratch.url;
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: join(copy, 'test'), env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => { stdout += chunk; });
      child.stderr.on('data', (chunk) => { stderr += chunk; });
      child.on('exit', (code) => (code === 0 ? resolvePromise(stdout) : reject(new Error(`the copy's graph failed (${code}):\n${stderr}`))));
    });
    const answer = JSON.parse(output.trim().split('\n').at(-1)!) as NewDepartmentCheck & { errors?: unknown };
    if (!answer.recorded) throw new Error(`the new department did not record a visit: ${JSON.stringify(answer.errors)}`);
    log(`recorded ${answer.recorded.id} and read it back through the gateway`);
    return { recorded: answer.recorded, listed: answer.listed, refusedCode: answer.refusedCode };
  } finally {
    await scratch?.drop();
    if (!options.keep) rmSync(copy, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const result = await checkNewDepartment({ log: (line) => console.log(line), keep: process.argv.includes('--keep') });
  console.log(`ok: ${JSON.stringify(result)}`);
}

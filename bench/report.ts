// Writes the measured part of docs/PERFORMANCE.md (between the bench markers); the hand-written part stays.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProfileSummary } from './profile';

export interface Setup {
  label: string;
  backend: 'postgres' | 'pglite';
  scale: number;
  /** Seconds until every service answered /health on an empty database (migrations and seed included); undefined when the database of an earlier run was reused. */
  firstStart: number | undefined;
  /** Seconds until every service answered /health again on the seeded database (TypeScript through tsx). */
  restart: number;
  /** The same from the plain-JavaScript bundles of build:services, as deployed (PostgreSQL only). */
  restartBuilt?: number;
  /** RSS in bytes of each service after the restart, before any load. */
  idleRss: Record<string, number>;
  notes: string[];
  /** The dashboard through an extra gateway process under --cpu-prof, fast path off then on. */
  profiles?: (ProfileSummary & { fastPath: boolean })[];
}

export interface Run {
  setup: string;
  scenario: string;
  connections: number;
  /** ours | hive | direct | sql */
  target: string;
  p50: number;
  p99: number;
  rps: number;
  requests: number;
  failures: number;
  /** Peak RSS in bytes of every process during the run. */
  rss: Record<string, number>;
}

export interface BenchReport {
  date: string;
  minutes: number;
  full: boolean;
  seconds: number;
  connections: number[];
  machine: { cores: number; cpu: string; node: string; load: number; loadAfter: number };
  commune: string;
  year: number;
  setups: Setup[];
  runs: Run[];
}

const BEGIN = '<!-- bench:begin (written by pnpm bench; edits here are overwritten) -->';
const END = '<!-- bench:end -->';
const SUBGRAPHS = ['dolisa', 'agriculture', 'finance', 'ethnic', 'front'];
const SERVING: Record<string, string> = { ours: 'gateway', hive: 'hive-gateway', direct: 'replay', 'ours-nodedup': 'gateway-nodedup', 'hive-nodedup': 'hive-gateway-nodedup' };
const TARGET_TITLE: Record<string, string> = {
  ours: 'our gateway', hive: '(a) Hive Gateway', direct: '(b) subgraphs direct', sql: '(c) raw SQL',
  'ours-nodedup': 'our gateway, no deduplication', 'hive-nodedup': '(a) Hive Gateway, no deduplication',
};

const mib = (bytes: number | undefined) => (bytes === undefined ? '–' : `${Math.round(bytes / 1048576)}`);
const ms = (value: number) => (Number.isFinite(value) ? (value >= 100 ? value.toFixed(0) : value.toFixed(1)) : '–');
const ratio = (value: number) => (Number.isFinite(value) && value > 0 ? `${value >= 10 ? value.toFixed(0) : value.toFixed(2)}×` : '–');

export function renderReport(report: BenchReport): string {
  const lines: string[] = [BEGIN, ''];
  const { machine } = report;
  lines.push(`Measured ${report.date.slice(0, 16).replace('T', ' ')} UTC on ${machine.cores} cores (${machine.cpu}), Node ${machine.node}; 1-minute load average ${machine.load.toFixed(1)} at the start and ${machine.loadAfter.toFixed(1)} at the end (the machine is shared);`
    + ` ${report.seconds} s per run, closed loop at ${report.connections.join(' and ')} connections (autocannon 9), whole bench ${report.minutes.toFixed(1)} min`
    + `${report.full ? ' (`--full`)' : ''}. Scenarios ask about commune ${report.commune} and year ${report.year}. The load generator runs on the same`
    + ' two cores as the graph, so absolute figures are low; compare the columns of one run.', '');

  lines.push('### Start-up and memory', '', '| setup | first start (migrate + seed) | restart through tsx | restart from the deployed bundles | idle RSS, gateway | idle RSS, five subgraphs |', '|---|---|---|---|---|---|');
  for (const s of report.setups) {
    const subgraphs = SUBGRAPHS.reduce((sum, name) => sum + (s.idleRss[name] ?? 0), 0);
    lines.push(`| ${s.label} | ${s.firstStart === undefined ? 'reused (see an earlier `--fresh` run)' : `${s.firstStart.toFixed(1)} s`} | ${s.restart.toFixed(1)} s | ${s.restartBuilt === undefined ? '–' : `${s.restartBuilt.toFixed(1)} s`} | ${mib(s.idleRss.gateway)} MiB | ${mib(subgraphs)} MiB |`);
  }
  lines.push('');

  for (const setup of report.setups) {
    const runs = report.runs.filter((r) => r.setup === setup.label);
    const scenarios = [...new Set(runs.map((r) => r.scenario))];
    lines.push(`### ${setup.label}`, '');
    lines.push('p50 and p99 in ms; "ours ÷" compares our gateway with the baseline in the same row group (p50 ratio: ours / baseline, lower is better for us;'
      + ' req/s ratio: ours / baseline, higher is better). RSS is the peak during the run in MiB: the process serving the request (our gateway, Hive Gateway,'
      + ' the replayer) and the five subgraphs together.', '');
    lines.push('| scenario | conns | target | p50 | p99 | req/s | ours ÷ p50 | ours ÷ req/s | RSS serving | RSS subgraphs | failed |', '|---|---|---|---|---|---|---|---|---|---|---|');
    for (const scenario of scenarios) {
      for (const connections of report.connections) {
        const group = runs.filter((r) => r.scenario === scenario && r.connections === connections);
        for (const run of group) {
          // Each baseline against our gateway in the same configuration: Hive without deduplication against ours without.
          const mine = run.target === 'ours' || run.target === 'ours-nodedup' ? undefined : group.find((r) => r.target === (run.target === 'hive-nodedup' ? 'ours-nodedup' : 'ours'));
          const subgraphs = SUBGRAPHS.reduce((sum, name) => sum + (run.rss[name] ?? 0), 0);
          const serving = SERVING[run.target];
          lines.push(`| ${scenario} | ${connections} | ${TARGET_TITLE[run.target] ?? run.target} | ${ms(run.p50)} | ${ms(run.p99)} | ${run.rps.toFixed(1)} | `
            + `${mine ? ratio(mine.p50 / run.p50) : ''} | ${mine ? ratio(mine.rps / run.rps) : ''} | `
            + `${serving ? mib(run.rss[serving]) : '–'} | ${mib(subgraphs)} | ${run.failures || ''} |`);
        }
      }
    }
    lines.push('');
    if (setup.notes.length) lines.push(...setup.notes.map((n) => `- ${n}`), '');
  }

  const find = (setup: string, scenario: string, connections: number, target = 'ours') =>
    report.runs.find((r) => r.setup === setup && r.scenario === scenario && r.connections === connections && r.target === target);
  const pg = report.setups.find((s) => s.backend === 'postgres' && s.scale === 1)?.label;
  const pglite = report.setups.find((s) => s.backend === 'pglite')?.label;
  const pg10 = report.setups.find((s) => s.backend === 'postgres' && s.scale === 10)?.label;
  if (pg && pglite) {
    lines.push('### (d) PGlite vs PostgreSQL, our gateway', '', '| scenario | conns | PostgreSQL p50 | PGlite p50 | PostgreSQL req/s | PGlite req/s |', '|---|---|---|---|---|---|');
    for (const scenario of [...new Set(report.runs.filter((r) => r.setup === pglite).map((r) => r.scenario))]) {
      for (const c of report.connections) {
        const a = find(pg, scenario, c);
        const b = find(pglite, scenario, c);
        if (a && b) lines.push(`| ${scenario} | ${c} | ${ms(a.p50)} | ${ms(b.p50)} | ${a.rps.toFixed(1)} | ${b.rps.toFixed(1)} |`);
      }
    }
    lines.push('');
  }
  if (pg && pg10) {
    lines.push('### 1× vs 10× on PostgreSQL, our gateway', '', '| scenario | conns | 1× p50 | 10× p50 | growth | 1× req/s | 10× req/s |', '|---|---|---|---|---|---|---|');
    for (const scenario of [...new Set(report.runs.filter((r) => r.setup === pg10).map((r) => r.scenario))]) {
      for (const c of report.connections) {
        const a = find(pg, scenario, c);
        const b = find(pg10, scenario, c);
        if (a && b) lines.push(`| ${scenario} | ${c} | ${ms(a.p50)} | ${ms(b.p50)} | ${ratio(b.p50 / a.p50)} | ${a.rps.toFixed(1)} | ${b.rps.toFixed(1)} |`);
      }
    }
    lines.push('');
  }

  for (const setup of report.setups.filter((s) => s.profiles?.length)) {
    lines.push(`### Gateway overhead, ${setup.label}: the dashboard at 10 connections through an extra gateway process under \`--cpu-prof\``, '',
      'Both runs with in-flight deduplication on (the default), so repeated identical fetches are shared in both.', '');
    lines.push('| fast path (fast-path.ts) | p50 | p99 | req/s | gateway CPU per request | top packages by self time |', '|---|---|---|---|---|---|');
    for (const p of setup.profiles!) {
      lines.push(`| ${p.fastPath ? 'on (keep-alive pool, limits cached)' : 'off (make-fetch-happen, limits per request)'} | ${ms(p.figures.p50)} | ${ms(p.figures.p99)} | ${p.figures.rps.toFixed(1)} | `
        + `${(p.cpuMsPerRequest ?? p.totalMs / Math.max(1, p.figures.requests)).toFixed(1)} ms | ${p.byPackage.slice(0, 6).map((x) => `${x.name} ${(x.share * 100).toFixed(0)}%`).join(', ')} |`);
    }
    const on = setup.profiles!.find((p) => p.fastPath);
    if (on) {
      lines.push('', `Top functions by self time with the fast path on: ${on.byFunction.slice(0, 10).map((x) => `${x.name} ${(x.share * 100).toFixed(1)}%`).join('; ')}.`);
    }
    lines.push('');
  }

  lines.push('### The issue\'s goals in this run', '');
  for (const setup of report.setups) {
    for (const c of report.connections) {
      const dashboard = find(setup.label, 'dashboard', c);
      const name = find(setup.label, 'commune-name', c);
      if (dashboard && name) {
        const r = dashboard.p50 / name.p50;
        lines.push(`- ${setup.label}, ${c} connections: dashboard p50 ÷ \`commune { name }\` p50 = ${ratio(r)} (goal ≤ 3×: ${r <= 3 ? 'met' : 'not met'})`);
      }
    }
  }
  for (const setup of report.setups.filter((s) => s.backend === 'postgres')) {
    const province = find(setup.label, 'province', 10);
    if (province) lines.push(`- ${setup.label}: whole-province query p50 at 10 connections = ${ms(province.p50)} ms (goal ${setup.scale === 1 ? '≤ 100 ms' : '≤ 2× the 1× figure'})`);
    for (const c of report.connections) {
      const slower = [...new Set(report.runs.filter((r) => r.setup === setup.label).map((r) => r.scenario))]
        .map((s) => ({ s, ours: find(setup.label, s, c), hive: find(setup.label, s, c, 'hive') }))
        .filter((x) => x.ours && x.hive);
      if (slower.length) {
        lines.push(`- ${setup.label}, ${c} connections: our throughput ÷ Hive Gateway's: ${slower.map((x) => `${x.s} ${ratio(x.ours!.rps / x.hive!.rps)}`).join(', ')} (goal ≥ 1× on every scenario)`);
      }
      const alone = [...new Set(report.runs.filter((r) => r.setup === setup.label).map((r) => r.scenario))]
        .map((s) => ({ s, ours: find(setup.label, s, c, 'ours-nodedup'), hive: find(setup.label, s, c, 'hive-nodedup') }))
        .filter((x) => x.ours && x.hive);
      if (alone.length) {
        lines.push(`- ${setup.label}, ${c} connections, neither gateway deduplicating: ours ÷ Hive Gateway's throughput: ${alone.map((x) => `${x.s} ${ratio(x.ours!.rps / x.hive!.rps)}`).join(', ')}`);
      }
      // The replayer deduplicates nothing, so the like-for-like comparison is with our gateway without deduplication.
      const alike = find(setup.label, 'dashboard', c, 'ours-nodedup');
      const dashboard = alike ?? find(setup.label, 'dashboard', c);
      const direct = find(setup.label, 'dashboard', c, 'direct');
      if (dashboard && direct) lines.push(`- ${setup.label}, ${c} connections: dashboard p50 through our gateway${alike ? ' (no deduplication, as the replay)' : ''} ÷ direct = ${ratio(dashboard.p50 / direct.p50)} (goal ≤ 1.5×)`);
    }
    const rss = setup.idleRss;
    const total = Object.values(rss).reduce((a, b) => a + b, 0);
    lines.push(`- ${setup.label}: first start ${setup.firstStart === undefined ? 'not measured (database reused)' : `${setup.firstStart.toFixed(1)} s`}${setup.scale === 1 ? ' (goal ≤ 30 s)' : ' (seed + rollups; goal ≤ 3 min at 10×)'}, restart ${setup.restartBuilt === undefined ? '' : `${setup.restartBuilt.toFixed(1)} s from the deployed bundles, `}${setup.restart.toFixed(1)} s through tsx (goal ≤ 5 s), idle RSS of the six processes ${mib(total)} MiB (goal < 1024 MiB)`);
  }
  lines.push('', END);
  return lines.join('\n');
}

export function writeReport(root: string, report: BenchReport): string {
  const path = join(root, 'docs', 'PERFORMANCE.md');
  const measured = renderReport(report);
  const current = existsSync(path) ? readFileSync(path, 'utf8') : `# Performance\n\n## Figures\n\n${BEGIN}\n${END}\n`;
  const start = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  const next = start >= 0 && end > start ? current.slice(0, start) + measured + current.slice(end + END.length) : `${current}\n${measured}\n`;
  writeFileSync(path, next);
  writeFileSync(join(root, 'bench', `last-run${report.full ? '-full' : ''}.json`), `${JSON.stringify(report, null, 1)}\n`);
  return path;
}

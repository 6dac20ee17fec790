import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kind, parse, visit, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { listSavedOperations } from '@ntg/operations';
import { resolveBaseline } from './baseline';
import { checkSchema, formatReport, type SchemaCheckInput } from './check';
import { SUPERGRAPH_PATH, composeSupergraph, workingTreeSubgraphs, type SubgraphSdl } from './graph-source';

const committed = readFileSync(SUPERGRAPH_PATH, 'utf8');
const operations = listSavedOperations();

/** A copy of one subgraph's SDL with a field renamed: the files on disk stay as they are. */
function withRenamedField(subgraphs: readonly SubgraphSdl[], subgraph: string, type: string, from: string, to: string): SubgraphSdl[] {
  return subgraphs.map((s) => (s.name !== subgraph ? s : {
    ...s,
    typeDefs: visit(s.typeDefs, {
      ObjectTypeDefinition: (node) => (node.name.value !== type ? undefined : {
        ...node,
        fields: node.fields?.map((f) => (f.name.value === from ? { ...f, name: { kind: Kind.NAME, value: to } } : f)),
      }),
    }) as DocumentNode,
  }));
}

function withExtraSdl(subgraphs: readonly SubgraphSdl[], subgraph: string, sdl: string): SubgraphSdl[] {
  return subgraphs.map((s) => (s.name !== subgraph ? s : { ...s, typeDefs: { ...s.typeDefs, definitions: [...s.typeDefs.definitions, ...parse(sdl).definitions] } }));
}

function run(input: Partial<SchemaCheckInput> & Pick<SchemaCheckInput, 'proposed'>, allowBreaking = false) {
  const report = checkSchema({ baselineSupergraph: committed, operations, ...input });
  return { report, ...formatReport(report, { baseline: 'the committed supergraph', allowBreaking }) };
}

describe('pnpm schema:check', () => {
  it('composes the working tree exactly as the gateway does, and passes against the committed supergraph', () => {
    const { report, exitCode, text } = run({ proposed: workingTreeSubgraphs() });
    expect(report.supergraphSdl).toBe(composeSupergraph().supergraphSdl);
    expect(report).toMatchObject({ compositionErrors: [], breaking: [], brokenOperations: [] });
    expect(exitCode).toBe(0);
    expect(text).toContain('Schema check passed.');
    expect(run({ proposed: workingTreeSubgraphs(), only: 'finance' }).exitCode).toBe(0);
  });

  it('fails when a field the saved queries use is renamed, naming the field and the operations', () => {
    const proposed = withRenamedField(workingTreeSubgraphs(), 'dolisa', 'PovertyStats', 'poorRate', 'poorRatio');
    for (const only of [undefined, 'dolisa']) {
      const { report, exitCode, text } = run({ proposed, only });
      expect(report.breaking).toContainEqual({ type: 'FIELD_REMOVED', description: 'PovertyStats.poorRate was removed.' });
      expect(report.brokenOperations.map((p) => p.operation)).toEqual(expect.arrayContaining(['CommuneDashboard', 'DashboardCommune', 'DashboardDistrict', 'DashboardProvince', 'DistrictTrend', 'MonthlyReport', 'ProvinceOverview']));
      expect(exitCode).toBe(1);
      expect(text).toContain('FAIL 1 breaking change for clients:\n  FIELD_REMOVED: PovertyStats.poorRate was removed.');
      expect(text).toMatch(/FAIL \d+ saved operations of queries\/ would break:\n(.*\n)*  CommuneDashboard \(.*queries\/commune-dashboard\.graphql:\d+\): Cannot query field "poorRate" on type "PovertyStats"\./);
      // Allowing breaking changes does not allow breaking the saved operations.
      expect(run({ proposed, only }, true).exitCode).toBe(1);
    }
  });

  it('fails on a breaking change no saved query uses, unless breaking changes are allowed', () => {
    const proposed = withRenamedField(workingTreeSubgraphs(), 'dolisa', 'PovertyStats', 'syntheticHouseholds', 'generatedHouseholds');
    const refused = run({ proposed });
    expect(refused.report.brokenOperations).toEqual([]);
    expect(refused.exitCode).toBe(1);
    const allowed = run({ proposed }, true);
    expect(allowed.exitCode).toBe(0);
    expect(allowed.text).toContain('warn 1 breaking change for clients (allowed with --allow-breaking):\n  FIELD_REMOVED: PovertyStats.syntheticHouseholds was removed.');
  });

  it('reports composition errors and stops there', () => {
    const proposed = withExtraSdl(workingTreeSubgraphs(), 'ethnic', 'extend type Query { province: Province! }');
    const { report, exitCode, text } = run({ proposed });
    expect(report.compositionErrors.join('\n')).toMatch(/Query\.province.*(shareable|resolved from multiple subgraphs)/s);
    expect(exitCode).toBe(1);
    expect(text).toMatch(/^FAIL composition: 1 error/m);
    expect(run({ proposed, only: 'ethnic' }).exitCode).toBe(1);
  });

  it('compares with a given file, else the merge base\'s or the previous commit\'s committed supergraph', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ntg-base-'));
    writeFileSync(join(dir, 'base.graphql'), committed);
    expect(resolveBaseline(SUPERGRAPH_PATH, { base: join(dir, 'base.graphql') })).toEqual({ supergraphSdl: committed, description: join(dir, 'base.graphql') });
    const fromGit = resolveBaseline(SUPERGRAPH_PATH);
    expect(fromGit.description).toMatch(/^gateway\/supergraph\.graphql at [0-9a-f]{10} \((merge base with (origin\/)?main|the previous commit, HEAD~1|HEAD: .*)\)$/);
    expect(fromGit.supergraphSdl).toContain('@join__graph(name: "dolisa"');
    // Outside a repository there is only the file itself.
    writeFileSync(join(dir, 'supergraph.graphql'), committed);
    expect(resolveBaseline(join(dir, 'supergraph.graphql')).description).toMatch(/in the working tree \(no git history found\)$/);
  });
});

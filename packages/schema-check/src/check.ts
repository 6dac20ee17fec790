import { compose, composeServices } from '@apollo/composition';
import { Subgraphs, Supergraph, buildSubgraph } from '@apollo/federation-internals';
import { findBreakingChanges, findDangerousChanges, type BreakingChange, type DangerousChange } from 'graphql';
import { apiSchemaFromSupergraph, describeProblem, validateOperations, type OperationProblem, type SavedOperation } from '@ntg/operations';
import type { SubgraphSdl } from './graph-source';

export interface SchemaCheckInput {
  /** The proposed SDL of every subgraph (the working tree). */
  readonly proposed: readonly SubgraphSdl[];
  /** The supergraph to compare against (the merge base's committed gateway/supergraph.graphql). */
  readonly baselineSupergraph: string;
  /** The operations that must keep working (queries/). */
  readonly operations: readonly SavedOperation[];
  /**
   * Check one department's proposal alone: that subgraph's proposed SDL with every other subgraph as the
   * baseline has it, so another department's unmerged change does not get in the way.
   */
  readonly only?: string;
}

export interface SchemaCheckReport {
  readonly subgraphs: readonly string[];
  readonly compositionErrors: readonly string[];
  /** Undefined when composition failed. */
  readonly supergraphSdl?: string;
  readonly breaking: readonly BreakingChange[];
  readonly dangerous: readonly DangerousChange[];
  readonly brokenOperations: readonly OperationProblem[];
}

function composeProposal(input: SchemaCheckInput): { supergraphSdl?: string; errors: string[]; subgraphs: string[] } {
  if (!input.only) {
    const result = composeServices(input.proposed.map((s) => ({ name: s.name, url: s.url, typeDefs: s.typeDefs })));
    return { supergraphSdl: result.errors ? undefined : result.supergraphSdl, errors: (result.errors ?? []).map((e) => e.message), subgraphs: input.proposed.map((s) => s.name) };
  }
  const proposal = input.proposed.find((s) => s.name === input.only);
  if (!proposal) throw new Error(`No subgraph "${input.only}"; the subgraphs are ${input.proposed.map((s) => s.name).join(', ')}`);
  const composed = new Subgraphs();
  for (const subgraph of Supergraph.build(input.baselineSupergraph).subgraphs()) if (subgraph.name !== proposal.name) composed.add(subgraph);
  try {
    composed.add(buildSubgraph(proposal.name, proposal.url, proposal.typeDefs));
  } catch (error) {
    // An SDL that is not even a valid subgraph (unknown directive, bad @key) fails here, before composition.
    return { errors: [(error as Error).message], subgraphs: composed.names().concat(proposal.name) };
  }
  const result = compose(composed);
  return { supergraphSdl: result.errors ? undefined : result.supergraphSdl, errors: (result.errors ?? []).map((e) => e.message), subgraphs: [...composed.names()] };
}

/**
 * Composes the proposed subgraphs, then compares the resulting API schema with the baseline's (graphql-js's
 * findBreakingChanges: removed or retyped fields, arguments, enum values…) and validates every saved
 * operation against it.
 */
export function checkSchema(input: SchemaCheckInput): SchemaCheckReport {
  const { supergraphSdl, errors, subgraphs } = composeProposal(input);
  if (!supergraphSdl) return { subgraphs, compositionErrors: errors, breaking: [], dangerous: [], brokenOperations: [] };
  const baseline = apiSchemaFromSupergraph(input.baselineSupergraph);
  const proposed = apiSchemaFromSupergraph(supergraphSdl);
  return {
    subgraphs,
    compositionErrors: [],
    supergraphSdl,
    breaking: findBreakingChanges(baseline, proposed),
    dangerous: findDangerousChanges(baseline, proposed),
    brokenOperations: validateOperations(proposed, input.operations),
  };
}

export interface ReportOptions {
  readonly allowBreaking?: boolean;
  /** What the baseline is, for the first line: "gateway/supergraph.graphql at 1a2b3c4 (merge base with origin/main)". */
  readonly baseline: string;
}

/** The report as a department reads it, and the exit code: 1 on composition errors, breaking changes (unless allowed) or broken operations. */
export function formatReport(report: SchemaCheckReport, options: ReportOptions): { text: string; exitCode: number } {
  const lines = [`Schema check of ${report.subgraphs.join(', ')} against ${options.baseline}`];
  let failed = false;
  if (report.compositionErrors.length > 0) {
    failed = true;
    lines.push(`FAIL composition: ${report.compositionErrors.length} error${report.compositionErrors.length === 1 ? '' : 's'}`, ...report.compositionErrors.map((e) => `  ${e.replaceAll('\n', '\n  ')}`));
    lines.push('Breaking changes and saved operations are checked once the subgraphs compose.');
  } else {
    lines.push('ok   composition');
    if (report.breaking.length > 0) {
      failed ||= !options.allowBreaking;
      lines.push(`${options.allowBreaking ? 'warn' : 'FAIL'} ${report.breaking.length} breaking change${report.breaking.length === 1 ? '' : 's'} for clients${options.allowBreaking ? ' (allowed with --allow-breaking)' : ''}:`);
      lines.push(...report.breaking.map((c) => `  ${c.type}: ${c.description}`));
    } else {
      lines.push('ok   no breaking changes');
    }
    if (report.dangerous.length > 0) {
      lines.push(`note ${report.dangerous.length} change${report.dangerous.length === 1 ? '' : 's'} that may surprise clients:`, ...report.dangerous.map((c) => `  ${c.type}: ${c.description}`));
    }
    if (report.brokenOperations.length > 0) {
      failed = true;
      const names = new Set(report.brokenOperations.map((p) => p.operation));
      lines.push(`FAIL ${names.size} saved operation${names.size === 1 ? '' : 's'} of queries/ would break:`, ...report.brokenOperations.map((p) => `  ${describeProblem(p)}`));
    } else {
      lines.push('ok   every saved operation of queries/ validates');
    }
  }
  lines.push(failed ? 'Schema check failed.' : 'Schema check passed.');
  return { text: `${lines.join('\n')}\n`, exitCode: failed ? 1 : 0 };
}

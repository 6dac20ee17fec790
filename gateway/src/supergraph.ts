import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Kind, parse } from 'graphql';
import { ConfigError } from '@ntg/subgraph-kit';

/** The composed supergraph the gateway serves; written by `pnpm compose` (composition tooling), read at run time. */
export const SUPERGRAPH_PATH = fileURLToPath(new URL('../supergraph.graphql', import.meta.url));

export function readCommittedSupergraph(): string {
  return readFileSync(SUPERGRAPH_PATH, 'utf8');
}

export interface SupergraphSubgraph {
  /** The subgraph's name ("dolisa"); its env prefix in upper case (DOLISA_URL). */
  readonly name: string;
  /** Where composition said it lives. */
  readonly url: string;
}

/** The subgraphs a supergraph calls, from its `join__Graph` enum, in the supergraph's order. */
export function supergraphSubgraphs(supergraphSdl: string = readCommittedSupergraph()): SupergraphSubgraph[] {
  const found: SupergraphSubgraph[] = [];
  for (const definition of parse(supergraphSdl).definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue;
    for (const value of definition.values ?? []) {
      const directive = value.directives?.find((d) => d.name.value === 'join__graph');
      const argument = (name: string) => {
        const node = directive?.arguments?.find((a) => a.name.value === name)?.value;
        return node?.kind === Kind.STRING ? node.value : undefined;
      };
      const name = argument('name');
      const url = argument('url');
      if (name && url) found.push({ name, url });
    }
  }
  return found;
}

/** The environment variable that overrides a subgraph's URL: DOLISA_URL for "dolisa". */
export function subgraphUrlVariable(name: string): string {
  return `${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL`;
}

/** Subgraph URL overrides by name from <NAME>_URL (DOLISA_URL, FINANCE_URL…); unset ones keep the supergraph's URL. */
export function subgraphUrlsFromEnv(
  subgraphs: readonly SupergraphSubgraph[],
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const { name } of subgraphs) {
    const variable = subgraphUrlVariable(name);
    const value = env[variable]?.trim();
    if (!value) continue;
    if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
      throw new ConfigError(`${variable} must be an http(s) URL such as http://127.0.0.1:4001/graphql, got "${value}"`);
    }
    urls[name] = value;
  }
  return urls;
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { readCommittedSupergraph, supergraphSubgraphs } from '@ntg/gateway';
import { workspaceRoot } from '@ntg/subgraph-kit';

const deploy = join(workspaceRoot(), 'deploy');
const SUBGRAPHS = supergraphSubgraphs(readCommittedSupergraph()).map((s) => ({ name: s.name, port: Number(new URL(s.url).port) }));
const SERVICES = [...SUBGRAPHS, { name: 'gateway', port: 4000 }];

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: any;
  [key: string]: unknown;
}

function manifests(): { file: string; doc: Manifest }[] {
  const dir = join(deploy, 'kubernetes');
  return readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().flatMap((file) =>
    parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((document) => {
      expect(document.errors, file).toEqual([]);
      return { file, doc: document.toJSON() as Manifest };
    }));
}

/** The kubernetes-models class of a built-in kind: `apps/v1` Deployment is kubernetes-models/apps/v1/Deployment. */
async function modelOf(apiVersion: string, kind: string): Promise<new (data: unknown) => { validate(): void }> {
  const module = (await import(`kubernetes-models/${apiVersion}/${kind}`)) as Record<string, new (data: unknown) => { validate(): void }>;
  const model = module[kind] ?? module.default;
  if (!model) throw new Error(`kubernetes-models has no ${apiVersion} ${kind}`);
  return model;
}

const byKind = (kind: string) => manifests().filter((m) => m.doc.kind === kind).map((m) => m.doc);

/**
 * deploy/: the Kubernetes manifests validate against the Kubernetes schemas of kubernetes-models and the
 * CloudNativePG clusters against the committed schema; the manifests, the compose file and the Dockerfiles agree
 * with the services the supergraph names.
 */
describe('deploy/', () => {
  it('validates every Kubernetes manifest against its schema (kubernetes-models; CloudNativePG against the committed schema)', async () => {
    const cnpg = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(join(deploy, 'kubernetes', 'schemas', 'cnpg-cluster-v1.schema.json'), 'utf8')));
    const all = manifests();
    expect(all.length).toBeGreaterThan(20);
    for (const { file, doc } of all) {
      if (doc.apiVersion === 'postgresql.cnpg.io/v1') {
        expect(cnpg(doc), `${file}: ${JSON.stringify(cnpg.errors)}`).toBe(true);
        continue;
      }
      const Model = await modelOf(doc.apiVersion, doc.kind);
      expect(() => new Model(doc).validate(), `${file} ${doc.kind} ${doc.metadata.name}`).not.toThrow();
    }
  });

  it('refuses a broken manifest (the check can fail)', async () => {
    const Deployment = await modelOf('apps/v1', 'Deployment');
    const broken = structuredClone(byKind('Deployment')[0]!);
    broken.spec.replicas = 'two';
    expect(() => new Deployment(broken).validate()).toThrow();
    const cnpg = new Ajv({ strict: false }).compile(JSON.parse(readFileSync(join(deploy, 'kubernetes', 'schemas', 'cnpg-cluster-v1.schema.json'), 'utf8')));
    const cluster = structuredClone(byKind('Cluster')[0]!);
    cluster.spec.instance = 3; // a typo of instances
    expect(cnpg(cluster)).toBe(false);
  });

  it('gives every service a Deployment (non-root, probes on /health), a Service, an HPA; secrets for keys and database URLs', () => {
    const deployments = new Map(byKind('Deployment').map((d) => [d.metadata.name, d]));
    const services = new Map(byKind('Service').map((d) => [d.metadata.name, d]));
    const hpas = new Map(byKind('HorizontalPodAutoscaler').map((d) => [d.metadata.name, d]));
    for (const { name, port } of SERVICES) {
      const deployment = deployments.get(name)!;
      expect(deployment, name).toBeDefined();
      const pod = deployment.spec.template.spec;
      const container = pod.containers[0];
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(container.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false });
      expect(container.ports[0].containerPort).toBe(port);
      expect(container.readinessProbe.httpGet.path).toBe('/health');
      expect(container.startupProbe.httpGet.path).toBe('/health');
      const env = new Map<string, any>(container.env.map((e: any) => [e.name, e]));
      expect(env.get('PORT').value).toBe(String(port));
      expect(env.get('AUTH_PUBLIC_KEY').valueFrom.secretKeyRef.name).toBe('ntg-auth');
      if (name === 'gateway') {
        for (const subgraph of SUBGRAPHS) expect(env.get(`${subgraph.name.toUpperCase()}_URL`).value).toBe(`http://${subgraph.name}:${subgraph.port}/graphql`);
        // Two replicas: the report's download links are sealed with one shared key, so either replica opens them.
        expect(env.get('REPORT_LINK_KEY').valueFrom.secretKeyRef).toEqual({ name: 'ntg-auth', key: 'report-link-key' });
      } else {
        // CloudNativePG writes the application credentials of cluster <name>-db to the Secret <name>-db-app.
        expect(env.get(`${name.toUpperCase()}_DATABASE_URL`).valueFrom.secretKeyRef).toEqual({ name: `${name}-db-app`, key: 'uri' });
        expect(env.get('GRAPH_URL').value).toBe('http://gateway:4000/graphql');
      }
      expect(services.get(name)?.spec.ports[0].port).toBe(port);
      expect(hpas.get(name)?.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
    }
    expect(byKind('Cluster').map((c) => c.metadata.name).sort()).toEqual(SUBGRAPHS.map((s) => `${s.name}-db`).sort());
    expect(byKind('Secret').map((s) => s.metadata.name)).toContain('ntg-auth');
  });

  it('has a compose file for one host and a multi-stage, non-root, slim Dockerfile per service running the bundle', () => {
    const compose = parseYaml(readFileSync(join(deploy, 'compose.yaml'), 'utf8')) as { services: Record<string, any> };
    for (const { name, port } of SERVICES) {
      const service = compose.services[name];
      expect(service, name).toBeDefined();
      expect(service.build.dockerfile).toBe(`deploy/docker/${name}.Dockerfile`);
      expect(service.environment.PORT).toBe(String(port));
      expect(service.user).toBe('1000:1000');
      const dockerfile = readFileSync(join(deploy, 'docker', `${name}.Dockerfile`), 'utf8');
      const stages = dockerfile.match(/^FROM .*$/gm) ?? [];
      expect(stages.length, name).toBeGreaterThanOrEqual(2);
      expect(stages.at(-1)).toMatch(/-slim/);
      expect(dockerfile).toContain(`build:services /out ${name}`);
      const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
      expect(runtime).toMatch(/^USER node$/m);
      expect(runtime).toMatch(/^CMD \["node", "main.js"\]$/m);
      expect(runtime).toContain(`EXPOSE ${port}`);
      expect(runtime).not.toMatch(/tsx|pnpm/); // the bundle runs on plain node
    }
    for (const subgraph of SUBGRAPHS) expect(compose.services.gateway.environment[`${subgraph.name.toUpperCase()}_URL`]).toBe(`http://${subgraph.name}:${subgraph.port}/graphql`);
    // The gateway's /export/ and /reports/ routes run the saved operations of queries/.
    expect(readFileSync(join(deploy, 'docker', 'gateway.Dockerfile'), 'utf8')).toMatch(/^COPY queries \.\/queries$/m);
    expect(compose.services.gateway.environment.REPORT_LINK_KEY).toMatch(/^\$\{REPORT_LINK_KEY:\?/);
  });
});

import { readdirSync } from 'node:fs';
import type { ResultOf, VariablesOf } from '@graphql-typed-document-node/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { CommuneDashboardDocument, type CommuneDashboardQuery, type CommuneDashboardQueryVariables } from '../src/index';
import { GENERATED_DIR, generateClient, readGenerated } from './generate';

describe('the generated typed client', () => {
  it('is up to date with the committed supergraph and queries/ (run `pnpm codegen:client` and commit)', async () => {
    const files = await generateClient();
    expect(readdirSync(GENERATED_DIR).sort()).toEqual(files.map((f) => f.name));
    for (const file of files) expect(readGenerated(file.name), file.name).toBe(file.content);
  });

  it('types each saved query\'s document by its result and variables', () => {
    expectTypeOf<ResultOf<typeof CommuneDashboardDocument>>().toEqualTypeOf<CommuneDashboardQuery>();
    expectTypeOf<VariablesOf<typeof CommuneDashboardDocument>>().toEqualTypeOf<CommuneDashboardQueryVariables>();
    expectTypeOf<NonNullable<NonNullable<CommuneDashboardQuery['commune']>['livelihoodModels'][number]['funding']>['approved']>().toEqualTypeOf<number>();
    expect(CommuneDashboardDocument.definitions[0]).toMatchObject({ kind: 'OperationDefinition', name: { value: 'CommuneDashboard' } });
  });
});

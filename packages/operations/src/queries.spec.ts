import { describe, expect, it } from 'vitest';
import { committedApiSchema, describeProblem, listSavedOperations, validateOperations } from './index';

describe('the saved queries in queries/', () => {
  const saved = listSavedOperations();

  it('include the four operations the analysts start from', () => {
    expect(saved.map((s) => s.name)).toEqual(expect.arrayContaining(['commune-dashboard', 'district-trend', 'models-by-outcome', 'province-overview']));
  });

  it('each validate against the committed supergraph\'s API schema', () => {
    const problems = validateOperations(committedApiSchema(), saved);
    expect(problems.map(describeProblem)).toEqual([]);
  });

  it('each carry example variables the operation accepts, so the explorer can fill them in', () => {
    for (const s of saved) {
      const declared = (s.operation.variableDefinitions ?? []).map((d) => d.variable.name.value);
      expect(Object.keys(s.exampleVariables ?? {}).every((name) => declared.includes(name)), s.name).toBe(true);
    }
  });

  it('name their operation after the file (commune-dashboard.graphql holds CommuneDashboard)', () => {
    for (const s of saved) expect(s.operationName.toLowerCase()).toBe(s.name.replaceAll('-', ''));
  });
});

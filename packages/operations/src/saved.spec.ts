import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSavedOperation, isSavedOperationName, listSavedOperations, loadOperation, parseSavedOperation } from './saved';

describe('saved operations', () => {
  it('hold exactly one named operation, and read their example variables', () => {
    const saved = parseSavedOperation('unit-names', '# Example variables: {"code": "584"}\nquery UnitNames($code: ID!) { district(code: $code) { name } }');
    expect(saved).toMatchObject({ name: 'unit-names', operationName: 'UnitNames', exampleVariables: { code: '584' } });
    expect(() => parseSavedOperation('two', 'query A { a } query B { b }')).toThrow(/holds 2 operations/);
    expect(() => parseSavedOperation('anon', '{ a }')).toThrow(/needs a name \(query Anon/);
    expect(() => parseSavedOperation('broken', 'query Broken {')).toThrow(/broken.graphql: Syntax Error/);
    expect(parseSavedOperation('with-fragment', 'query WithFragment { ...F } fragment F on Query { a }').operationName).toBe('WithFragment');
  });

  it('are found by plain dashed names only, so a URL cannot reach another folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ntg-queries-'));
    writeFileSync(join(dir, 'first-one.graphql'), 'query FirstOne { a }');
    expect(findSavedOperation('first-one', dir)?.operationName).toBe('FirstOne');
    expect(findSavedOperation('missing', dir)).toBeUndefined();
    for (const name of ['../first-one', 'first-one.graphql', 'First-One', '', '-a']) {
      expect(isSavedOperationName(name), name).toBe(false);
      expect(findSavedOperation(name, dir)).toBeUndefined();
    }
    // A dropped-in file is listed on the next call.
    writeFileSync(join(dir, 'second.graphql'), 'query Second { b }');
    expect(listSavedOperations(dir).map((s) => s.name)).toEqual(['first-one', 'second']);
    expect(loadOperation(join(dir, 'second.graphql')).operationName).toBe('Second');
    expect(() => loadOperation('nothing-here', dir)).toThrow('No saved query "nothing-here"; queries/ has first-one, second');
  });
});

import { describe, expect, it } from 'vitest';
import { checkNewDepartment } from '@ntg/launcher/check-new-department';

/**
 * A sixth department can be added from the template by following docs/ARCHITECTURE.md: in a temporary copy of the
 * repository, `pnpm new:department welfare`, then the graph composes, starts and answers for it.
 */
describe('adding a department', () => {
  it('creates, composes and queries a sixth department in a copy of the repository', async () => {
    const result = await checkNewDepartment();
    expect(result.recorded).toMatchObject({ id: expect.stringMatching(/^VIS-22783-/), commune: { code: '22783' } });
    expect(result.listed).toEqual([{ id: result.recorded.id }]);
    expect(result.refusedCode).toBe('FORBIDDEN');
  }, 600_000);
});

import { GraphQLError } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { badUserInput } from '@ntg/errors';
import { formatError } from './format-error';

const formatted = (error: unknown) => formatError({ message: 'x', path: ['commune'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, error);

describe('formatError', () => {
  it('keeps a domain error as raised, without its stack trace', () => {
    const error = badUserInput('year must be 2000-2100', 'year');
    expect(formatError({ message: error.message, extensions: { ...error.extensions, stacktrace: ['at x'] } }, error))
      .toEqual({ message: 'year must be 2000-2100', extensions: { ...error.extensions } });
  });

  it('answers SERVICE_UNAVAILABLE for a database that is gone or out of connections, wherever the code sits in the causes', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    for (const code of ['ECONNREFUSED', '57P01', '53300', '57014']) {
      const driver = Object.assign(new Error(`driver ${code}`), { code });
      expect(formatted(new GraphQLError('wrapped', { path: ['commune'], originalError: new Error('outer', { cause: driver }) })).extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });
    }
  });

  it('answers CONFLICT (try again) for a deadlock or serialisation failure, which rolled everything back', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    for (const code of ['40P01', '40001']) {
      const answer = formatted(new GraphQLError('wrapped', { path: ['commune'], originalError: Object.assign(new Error('deadlock detected'), { code }) }));
      expect(answer).toEqual({ message: expect.stringMatching(/nothing was written; try again/), path: ['commune'], extensions: { code: 'CONFLICT' } });
    }
  });

  it('hides anything else behind INTERNAL_SERVER_ERROR, SQL included', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const answer = formatted(Object.assign(new Error('syntax error at "selec"'), { code: '42601' }));
    expect(answer.message).toBe('Internal server error');
    expect(answer.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
  });
});

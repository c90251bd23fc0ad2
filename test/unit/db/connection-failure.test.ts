import { describe, expect, it } from 'vitest';
import { classifyDatabaseError, connectionFailureCode } from '../../../db/connection-failure.js';
import { DatabaseUnavailableError } from '../../../db/database-error.js';

const withCode = (message: string, code: string): Error => Object.assign(new Error(message), { code });

describe('connection failure classification', () => {
  it('recognizes lost and refused connections by socket code, SQLSTATE and driver message', () => {
    expect(connectionFailureCode(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe('ECONNREFUSED');
    expect(connectionFailureCode(withCode('terminating connection due to administrator command', '57P01'))).toBe('57P01');
    expect(connectionFailureCode(withCode('the database system is starting up', '57P03'))).toBe('57P03');
    expect(connectionFailureCode(withCode('connection failure', '08006'))).toBe('08006');
    expect(connectionFailureCode(new Error('Connection terminated unexpectedly'))).toBe('connection-terminated');
    expect(connectionFailureCode(new Error('Client has encountered a connection error and is not queryable'))).toBe('connection-terminated');
    expect(connectionFailureCode(new Error('timeout exceeded when trying to connect'))).toBe('connect-timeout');
    expect(connectionFailureCode(new AggregateError([withCode('x', 'ECONNREFUSED')], 'all failed'))).toBe('ECONNREFUSED');
  });

  it('leaves statement errors alone: retrying a bad statement cannot help', () => {
    const unique = withCode('duplicate key value violates unique constraint', '23505');
    const syntax = withCode('syntax error at or near "selec"', '42601');
    expect(classifyDatabaseError(unique)).toBe(unique);
    expect(classifyDatabaseError(syntax)).toBe(syntax);
    expect(classifyDatabaseError('not an error')).toBe('not an error');
  });

  it('wraps a lost connection in a retryable error that keeps the cause and not the host', () => {
    const cause = withCode('connect ECONNREFUSED 10.1.2.3:5432', 'ECONNREFUSED');
    const wrapped = classifyDatabaseError(cause) as DatabaseUnavailableError;
    expect(wrapped).toBeInstanceOf(DatabaseUnavailableError);
    expect(wrapped.retryable).toBe(true);
    expect(wrapped.cause).toBe(cause);
    expect(wrapped.message).not.toContain('10.1.2.3');
    expect(classifyDatabaseError(wrapped)).toBe(wrapped);
  });
});

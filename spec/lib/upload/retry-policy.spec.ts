import { expect } from 'chai';
import { SinkError } from '../../../lib/contracts/sink-error.js';
import { AbortedError } from '../../../lib/errors.js';
import { backoffDelayMs, isTransientFailure, resolveRetryPolicy } from '../../../lib/upload/retry-policy.js';

describe('retry policy', () => {
  it('has documented defaults', () => {
    const policy = resolveRetryPolicy();
    expect(policy).to.include({ maxAttempts: 5, initialDelayMs: 200, maxDelayMs: 5000, budgetMs: 60_000, attemptTimeoutMs: 120_000 });
    expect(policy.isTransient).to.equal(isTransientFailure);
  });

  it('backs off exponentially with full jitter, capped at maxDelayMs', () => {
    const policy = { initialDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, policy, 0.999999))).to.deep.equal([100, 200, 400, 800, 1000, 1000]);
    expect([1, 2, 3].map((n) => backoffDelayMs(n, policy, 0.5))).to.deep.equal([50, 100, 200]);
    expect(backoffDelayMs(3, policy, 0)).to.equal(0);
  });

  it('classifies failures: SinkError by isTransient, network codes and 5xx/408/429 yes, the rest no', () => {
    const sinkError = (isTransient: boolean): SinkError => new SinkError({ sinkName: 's', key: 'k', operation: 'put', isTransient, statusCode: null, reason: 'r' });
    expect(isTransientFailure(sinkError(true))).to.equal(true);
    expect(isTransientFailure(sinkError(false))).to.equal(false);
    expect(isTransientFailure(new AbortedError())).to.equal(false);
    expect(isTransientFailure(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).to.equal(true);
    expect(isTransientFailure(Object.assign(new Error('x'), { code: 'UND_ERR_SOCKET' }))).to.equal(true);
    expect(isTransientFailure(Object.assign(new Error('x'), { statusCode: 503 }))).to.equal(true);
    expect(isTransientFailure(Object.assign(new Error('x'), { status: 429 }))).to.equal(true);
    expect(isTransientFailure(Object.assign(new Error('x'), { statusCode: 404 }))).to.equal(false);
    expect(isTransientFailure(new Error('fetch failed', { cause: Object.assign(new Error('y'), { code: 'ETIMEDOUT' }) }))).to.equal(true);
    expect(isTransientFailure(new TypeError('bug'))).to.equal(false);
    expect(isTransientFailure('string')).to.equal(false);
  });

  it('rejects bad options naming them', () => {
    expect(() => resolveRetryPolicy({ budgetMs: -1 })).to.throw(/`retry.budgetMs` option to be a number of milliseconds ≥ 0, got -1/u);
    expect(() => resolveRetryPolicy({ attemptTimeoutMs: 0 })).to.throw(/`retry.attemptTimeoutMs`/u);
    expect(() => resolveRetryPolicy({ maxAttempts: 1.5 })).to.throw(/`retry.maxAttempts` option to be an integer ≥ 1/u);
  });
});
